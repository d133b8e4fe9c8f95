import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsEmail, IsIn, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { IsUkPhoneNumber } from '../contact-details/validators.js';
import { ROLES, type Role } from './officer.entity.js';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Northamptonshire Police' })
  @IsString() @Length(2, 120)
  name!: string;

  @ApiProperty({ example: 'NPOL', description: 'Short unique code, capitals, digits and hyphens' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,15}$/, { message: 'code must be 2–16 capital letters, digits or hyphens' })
  code!: string;

  @ApiProperty({ example: '101', description: 'Every email and letter gives it: required' })
  @IsString() @Length(3, 30) @Matches(/\d/, { message: 'phone must be a phone number' })
  phone!: string;

  @ApiPropertyOptional({ example: 'asb@northants.police.uk' })
  @IsOptional() @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: 'https://www.northants.police.uk' })
  @IsOptional() @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  website?: string;

  @ApiPropertyOptional({ example: 'NorthtownBC', description: 'SMS sender: 3–11 letters/digits (at least one letter), or a phone number' })
  @IsOptional() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'smsSender must be 3–11 letters, digits or spaces with at least one letter, or a number in +44… form',
  })
  smsSender?: string;

  @ApiPropertyOptional({ example: 'Northtown Support Team', description: 'A name that gives nothing away, shown in discreet messages' })
  @IsOptional() @IsString() @Length(2, 60)
  discreetName?: string;

  @ApiPropertyOptional({ example: 'Info', description: 'A neutral SMS sender for discreet texts; DISCREET_SMS_FROM if unset' })
  @IsOptional() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'discreetSmsSender must be 3–11 letters, digits or spaces with at least one letter, or a number in +44… form',
  })
  discreetSmsSender?: string;

  @ApiPropertyOptional({ type: [String], example: ['Wootton Hall', 'Northampton', 'NN4 0JQ'] })
  @IsOptional() @IsString({ each: true }) @ArrayMinSize(2) @ArrayMaxSize(7) @MaxLength(80, { each: true })
  address?: string[];
}

export class CreateOfficerDto {
  @ApiPropertyOptional({ example: 'PC', description: 'Police rank, kept apart from the name: discreet messages never show it' })
  @IsOptional() @IsString() @Length(1, 20)
  rank?: string;

  @ApiProperty({ example: 'Sam Patel', description: 'The name without rank' })
  @IsString() @Length(2, 120)
  name!: string;

  @ApiProperty()
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty({ example: 'sam.patel@example.gov.uk' })
  @IsEmail()
  email!: string;

  @ApiPropertyOptional({ example: '01604 837000', description: "The officer's work number: geographic, mobile, freephone or 03" })
  @IsOptional() @IsUkPhoneNumber('organisation')
  phone?: string;
}

export class ListOfficersQuery {
  @ApiPropertyOptional({ description: 'Admins only: one organisation' })
  @IsOptional() @IsUUID()
  organisationId?: string;
}

/** Sent means checked, and null is refused: for fields that can be changed but never removed. */
const IfSent = () => ValidateIf((_object: object, value: unknown) => value !== undefined);
/** Checked when given; null is kept, and clears the field (the input pipe drops null only for `@IsOptional()`). */
const Clearable = () => ValidateIf((_object: object, value: unknown) => value !== undefined && value !== null);

/** The phone number's rules on creation (3–30 characters with a digit), as one check with one message, and never removed. */
const phoneProblem = (value: unknown): string | null => {
  if (value === null || value === '') return 'phone is required: every email and letter gives it';
  if (typeof value !== 'string') return 'phone must be a string';
  if (value.length < 3 || value.length > 30) return 'phone must be 3 to 30 characters';
  return /\d/.test(value) ? null : 'phone must be a phone number';
};
const IsRequiredPhone = () =>
  ValidateBy({ name: 'isPhone', validator: { validate: (value) => phoneProblem(value) === null, defaultMessage: (args) => phoneProblem(args?.value) ?? '' } });

/**
 * `PATCH /v1/organisations/:id`: only the fields sent change, each checked exactly as on
 * creation; null clears an optional field. The code never changes; the phone number can be
 * changed but never removed (every email and letter gives it).
 */
export class UpdateOrganisationDto {
  @ApiPropertyOptional({ example: 'Northamptonshire Police' })
  @IfSent() @IsString() @Length(2, 120)
  name?: string;

  @ApiPropertyOptional({ example: '101', description: 'Can be changed, never removed' })
  @IfSent() @IsRequiredPhone()
  phone?: string;

  @ApiPropertyOptional({ example: 'asb@northants.police.uk', nullable: true })
  @Clearable() @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ example: 'https://www.northants.police.uk', nullable: true })
  @Clearable() @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  website?: string | null;

  @ApiPropertyOptional({ example: 'NorthtownBC', nullable: true })
  @Clearable() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'smsSender must be 3–11 letters, digits or spaces with at least one letter, or a number in +44… form',
  })
  smsSender?: string | null;

  @ApiPropertyOptional({ example: 'Northtown Support Team', nullable: true })
  @Clearable() @IsString() @Length(2, 60)
  discreetName?: string | null;

  @ApiPropertyOptional({ example: 'Info', nullable: true })
  @Clearable() @Matches(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{3,11}$|^\+[1-9]\d{7,14}$/, {
    message: 'discreetSmsSender must be 3–11 letters, digits or spaces with at least one letter, or a number in +44… form',
  })
  discreetSmsSender?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true, example: ['Wootton Hall', 'Northampton', 'NN4 0JQ'] })
  @Clearable() @IsString({ each: true }) @ArrayMinSize(2) @ArrayMaxSize(7) @MaxLength(80, { each: true })
  address?: string[] | null;
}

/** `PATCH /v1/officers/:id`: an officer's rank (null removes it), name (without rank) or role. */
export class ChangeOfficerDto {
  @ApiPropertyOptional({ example: 'Sgt', nullable: true })
  @Clearable() @IsString() @Length(1, 20)
  rank?: string | null;

  @ApiPropertyOptional({ example: 'Sam Patel' })
  @IfSent() @IsString() @Length(2, 120)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IfSent() @IsIn(ROLES)
  role?: Role;
}
