import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsDefined, IsIn, IsInt, IsISO8601, IsObject, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS, type ContactChannel } from './contact-channels.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class SafeWindowDto {
  @ApiProperty({ example: [1, 2, 3, 4, 5, 6], description: 'ISO weekdays, 1 = Monday' })
  @ArrayMinSize(1) @ArrayMaxSize(7) @ArrayUnique() @IsInt({ each: true }) @Min(1, { each: true }) @Max(7, { each: true })
  days!: number[];

  @ApiProperty({ example: '08:00' }) @Matches(TIME, { message: '$property must be a time as HH:mm' })
  from!: string;

  @ApiProperty({ example: '20:00' }) @Matches(TIME, { message: '$property must be a time as HH:mm' })
  to!: string;
}

/**
 * A window given must be a real window: `null`, `[]` or `{}` are refused (400 naming the field),
 * never stored, because the planner could not use them. Leave a channel out for the default.
 */
const Window = () => (target: object, key: string) => {
  ValidateIf((o: Record<string, unknown>) => o[key] !== undefined)(target, key);
  IsObject({ message: `$property must be an object with days, from and to (leave it out for the default)` })(target, key);
  ValidateNested()(target, key);
  Type(() => SafeWindowDto)(target, key);
};

export class SafeWindowsDto {
  @ApiPropertyOptional({ type: SafeWindowDto }) @Window() sms?: SafeWindowDto;
  @ApiPropertyOptional({ type: SafeWindowDto }) @Window() phone?: SafeWindowDto;
  @ApiPropertyOptional({ type: SafeWindowDto }) @Window() email?: SafeWindowDto;
  @ApiPropertyOptional({ type: SafeWindowDto }) @Window() in_person?: SafeWindowDto;
}

export class CadenceDto {
  @ApiProperty({ example: 10 }) @IsInt() @Min(1) @Max(90)
  every!: number;

  @ApiProperty({ enum: ['days', 'workingDays'] }) @IsIn(['days', 'workingDays'])
  unit!: 'days' | 'workingDays';
}

export class ConsentDto {
  @ApiProperty({ enum: CONTACT_CHANNELS }) @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @ApiProperty({ example: '2026-11-23T10:00:00Z' }) @IsISO8601({ strict: true, strictSeparator: true })
  givenAt!: string;
}

/** A safety field every PUT must give: leaving it out must never quietly turn it off. */
const Required = () => IsDefined({ message: '$property is required: give every safety field (discreet, lettersToHome, voicemailSafe, largePrint), so none is turned off by leaving it out' });

/** The whole agreement (`PUT`, and `contactAgreement` when a case is logged). */
export class ContactAgreementDto {
  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true, description: "In the victim's order of preference" })
  @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsIn(CONTACT_CHANNELS, { each: true })
  channels!: ContactChannel[];

  @ApiPropertyOptional({ type: CadenceDto, description: 'Leave out to follow the risk level: every 10 working days, or 5 while the risk is high' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CadenceDto)
  cadence?: CadenceDto;

  @ApiPropertyOptional({ type: SafeWindowsDto, description: 'Default for SMS and phone: Monday–Saturday 08:00–20:00' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SafeWindowsDto)
  safeWindows?: SafeWindowsDto;

  @ApiProperty({ description: 'No mention of ASB or case details; neutral senders; plain envelopes' })
  @Required() @IsBoolean() discreet!: boolean;

  @ApiProperty() @Required() @IsBoolean() lettersToHome!: boolean;
  @ApiProperty() @Required() @IsBoolean() voicemailSafe!: boolean;
  @ApiProperty() @Required() @IsBoolean() largePrint!: boolean;

  @ApiPropertyOptional({ type: [ConsentDto], description: 'Defaults to consent now for every agreed channel' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => ConsentDto)
  consents?: ConsentDto[];
}

/** Checked only when given: `null` is not "leave as it was", it is refused. */
const Given = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** A change to some terms (`PATCH`): what is left out stays as it was; the result is checked whole. */
export class ContactAgreementChangeDto {
  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, isArray: true })
  @Given() @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsIn(CONTACT_CHANNELS, { each: true })
  channels?: ContactChannel[];

  @ApiPropertyOptional({ type: CadenceDto, nullable: true, description: 'null: follow the risk level again' })
  @ValidateIf((o: Record<string, unknown>) => o.cadence !== undefined && o.cadence !== null)
  @IsObject() @ValidateNested() @Type(() => CadenceDto)
  cadence?: CadenceDto | null;

  @ApiPropertyOptional({ type: SafeWindowsDto, description: 'Only the channels named change' })
  @Given() @IsObject() @ValidateNested() @Type(() => SafeWindowsDto)
  safeWindows?: SafeWindowsDto;

  @ApiPropertyOptional() @Given() @IsBoolean() discreet?: boolean;
  @ApiPropertyOptional() @Given() @IsBoolean() lettersToHome?: boolean;
  @ApiPropertyOptional() @Given() @IsBoolean() voicemailSafe?: boolean;
  @ApiPropertyOptional() @Given() @IsBoolean() largePrint?: boolean;

  @ApiPropertyOptional({ type: [ConsentDto] })
  @Given() @IsArray() @ValidateNested({ each: true }) @Type(() => ConsentDto)
  consents?: ConsentDto[];
}
