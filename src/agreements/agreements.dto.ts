import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, Matches, Max, Min, ValidateIf, ValidateNested,
} from 'class-validator';
import { CONTACT_CHANNELS, type ContactChannel } from '../contacts/contact.entity.js';

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

export class ContactAgreementDto {
  @ApiProperty({ enum: CONTACT_CHANNELS, isArray: true, description: "In the victim's order of preference" })
  @ArrayMinSize(1) @ArrayMaxSize(5) @ArrayUnique() @IsIn(CONTACT_CHANNELS, { each: true })
  channels!: ContactChannel[];

  @ApiProperty({ type: CadenceDto }) @IsObject() @ValidateNested() @Type(() => CadenceDto)
  cadence!: CadenceDto;

  @ApiPropertyOptional({ type: SafeWindowsDto, description: 'Default for SMS and phone: Monday–Saturday 08:00–20:00' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => SafeWindowsDto)
  safeWindows?: SafeWindowsDto;

  @ApiPropertyOptional({ description: 'No mention of ASB or case details; neutral senders; plain envelopes' })
  @IsOptional() @IsBoolean() discreet?: boolean;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() lettersToHome?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() voicemailSafe?: boolean;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() largePrint?: boolean;

  @ApiPropertyOptional({ type: [ConsentDto], description: 'Defaults to consent now for every agreed channel' })
  @IsOptional() @ValidateNested({ each: true }) @Type(() => ConsentDto)
  consents?: ConsentDto[];
}
