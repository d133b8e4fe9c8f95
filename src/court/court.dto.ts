import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested,
} from 'class-validator';
import { PROCEEDINGS_KINDS, type ProceedingsKind } from './proceedings.entity.js';
import { OUTCOMES, SPECIAL_MEASURES, WITNESS_CATEGORIES, type SpecialMeasure, type SpecialMeasuresOutcome, type WitnessCategory } from './special-measures.entity.js';

const ISO = { strict: true, strictSeparator: true };
const WITH_TIME = /T\d{2}:\d{2}/;

export class HearingDto {
  @ApiProperty({ example: '2027-01-14T10:00', description: 'Date and time; without an offset, London time. Must be in the future' })
  @IsISO8601(ISO) @Matches(WITH_TIME, { message: '$property must be a date and time, e.g. 2027-01-14T10:00' })
  at!: string;

  @ApiPropertyOptional({ example: 'Trial' })
  @IsOptional() @IsString() @Length(1, 200)
  description?: string;
}

export class WitnessServiceConsentDto {
  @ApiProperty({ description: 'Whether the victim agreed to be referred to the Witness Service' })
  @IsBoolean()
  given!: boolean;

  @ApiPropertyOptional({ example: '2026-11-24T09:30', description: 'When the victim said so; defaults to now' })
  @IsOptional() @IsISO8601(ISO)
  recordedAt?: string;
}

export class RecordProceedingsDto {
  @ApiProperty({ enum: PROCEEDINGS_KINDS })
  @IsIn(PROCEEDINGS_KINDS)
  kind!: ProceedingsKind;

  @ApiProperty({ example: "Northtown Magistrates' Court" })
  @IsString() @Length(1, 200) @Matches(/\S/, { message: 'court must not be blank' })
  court!: string;

  @ApiProperty({ type: [HearingDto], description: 'At least one and at most 10, each in the future' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => HearingDto)
  hearings!: HearingDto[];

  @ApiPropertyOptional({ type: WitnessServiceConsentDto, description: 'Without it (or with given: false) the victim is offered the Witness Service' })
  @IsOptional() @ValidateNested() @Type(() => WitnessServiceConsentDto)
  witnessServiceConsent?: WitnessServiceConsentDto;

  @ApiPropertyOptional({ example: 'Hard of hearing; would like to visit the court beforehand.', description: "The victim's support needs (stored encrypted)" })
  @IsOptional() @IsString() @Length(1, 2000)
  needs?: string;
}

export class ChangeProceedingsDto {
  @ApiPropertyOptional({ example: "Northtown Crown Court" })
  @IsOptional() @IsString() @Length(1, 200) @Matches(/\S/, { message: 'court must not be blank' })
  court?: string;

  @ApiPropertyOptional({ type: [HearingDto], description: 'The hearings still to come, all of them: they replace those recorded. Sent to the victim again when they change' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => HearingDto)
  hearings?: HearingDto[];

  @ApiPropertyOptional({ type: WitnessServiceConsentDto, description: 'Consent given now makes the referral' })
  @IsOptional() @ValidateNested() @Type(() => WitnessServiceConsentDto)
  witnessServiceConsent?: WitnessServiceConsentDto;

  @ApiPropertyOptional()
  @IsOptional() @IsString() @Length(1, 2000)
  needs?: string;
}

export class ApplySpecialMeasuresDto {
  @ApiProperty({ description: 'Proceedings of this case' })
  @IsUUID()
  proceedingsId!: string;

  @ApiProperty({ enum: SPECIAL_MEASURES, isArray: true })
  @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(SPECIAL_MEASURES, { each: true })
  measures!: SpecialMeasure[];

  @ApiProperty({ enum: WITNESS_CATEGORIES })
  @IsIn(WITNESS_CATEGORIES)
  witnessCategory!: WitnessCategory;

  @ApiPropertyOptional({ enum: OUTCOMES, default: 'pending' })
  @IsOptional() @IsIn(OUTCOMES)
  outcome?: SpecialMeasuresOutcome;

  @ApiPropertyOptional({ description: 'When the court decided; only with granted or refused; defaults to now' })
  @IsOptional() @IsISO8601(ISO)
  decidedAt?: string;
}

export class DecideSpecialMeasuresDto {
  @ApiProperty({ enum: OUTCOMES })
  @IsIn(OUTCOMES)
  outcome!: SpecialMeasuresOutcome;

  @ApiPropertyOptional({ description: 'When the court decided; defaults to now' })
  @IsOptional() @IsISO8601(ISO)
  decidedAt?: string;
}
