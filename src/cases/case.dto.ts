import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  Max,
  Min,
  IsISO8601,
  IsNotEmptyObject,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsUkPhoneNumber, IsUkPostcode } from '../contact-details/validators.js';
import { ContactAgreementDto } from '../agreements/agreements.dto.js';
import { CATEGORIES, type Category } from './incident.entity.js';

const strictDate = { strict: true, strictSeparator: true };

export class VictimDto {
  @ApiProperty({ example: 'Jane Doe' })
  @IsString() @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ example: 'Pat', description: 'What should we call you: the greeting in messages (else the full name)' })
  @IsOptional() @IsString() @Length(1, 100)
  preferredName?: string;

  @ApiPropertyOptional({ example: '07911 123456' })
  @IsOptional() @IsUkPhoneNumber()
  phone?: string;

  @ApiPropertyOptional({ example: 'jane@example.com' })
  @IsOptional() @IsEmail()
  email?: string;

  @ApiPropertyOptional({ type: [String], example: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'] })
  @IsOptional() @IsString({ each: true }) @ArrayMinSize(1) @ArrayMaxSize(8) @MaxLength(100, { each: true })
  address?: string[];

  @ApiPropertyOptional({ example: '1961-04-12' })
  @IsOptional() @IsISO8601(strictDate)
  dateOfBirth?: string;
}

export class IncidentDto {
  @ApiProperty({ example: 'Youths kicking a football against my door every evening, shouting abuse.' })
  @IsString() @Length(3, 10000)
  description!: string;

  @ApiProperty({ enum: CATEGORIES })
  @IsIn(CATEGORIES)
  category!: Category;

  @ApiProperty()
  @IsBoolean()
  hateMotivated!: boolean;

  @ApiProperty({ example: 'NN1 3AB' })
  @IsUkPostcode()
  postcode!: string;

  @ApiPropertyOptional({ example: '2026-11-20T19:30:00Z' })
  @IsOptional() @IsISO8601(strictDate)
  occurredAt?: string;
}

/** A further report on an open case (`POST /v1/cases/:id/incidents`). */
export class FurtherIncidentDto extends IncidentDto {
  @ApiPropertyOptional({ description: 'When this report was received; defaults to now' })
  @IsOptional() @IsISO8601(strictDate)
  reportedAt?: string;
}

export class RiskAnswersDto {
  @ApiProperty({ example: { threats_or_violence: false, feels_unsafe_at_home: true } })
  @IsObject()
  answers!: Record<string, boolean>;
}

export class CreateCaseDto {
  @ApiProperty()
  @IsUUID()
  leadOrganisationId!: string;

  @ApiPropertyOptional({ description: 'Defaults to the officer logging the case, if they work for the lead organisation' })
  @IsOptional() @IsUUID()
  spocOfficerId?: string;

  @ApiPropertyOptional({ description: 'When the complaint was received; defaults to now' })
  @IsOptional() @IsISO8601(strictDate)
  reportedAt?: string;

  @ApiPropertyOptional({ description: 'An earlier case this report follows on from, when that one can no longer be reopened' })
  @IsOptional() @IsUUID()
  linkedCaseId?: string;

  @ApiProperty({ type: VictimDto })
  @ValidateNested() @Type(() => VictimDto) @IsNotEmptyObject()
  victim!: VictimDto;

  @ApiProperty({ type: IncidentDto })
  @ValidateNested() @Type(() => IncidentDto) @IsNotEmptyObject()
  incident!: IncidentDto;

  @ApiProperty({ type: RiskAnswersDto })
  @ValidateNested() @Type(() => RiskAnswersDto) @IsNotEmptyObject()
  riskAssessment!: RiskAnswersDto;

  @ApiPropertyOptional({
    type: ContactAgreementDto,
    description: 'How the victim agreed to be contacted, recorded with the case. Without it nothing is sent to the victim (not even the acknowledgement) and the SPOC gets an agree_contact task',
  })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ContactAgreementDto)
  contactAgreement?: ContactAgreementDto;
}

export class UpdateCaseDto {
  @ApiPropertyOptional()
  @IsOptional() @IsUUID()
  spocOfficerId?: string;

  @ApiPropertyOptional()
  @IsOptional() @IsUUID()
  leadOrganisationId?: string;
}

export class RecordResponseDto {
  @ApiPropertyOptional({ description: 'When the victim was first responded to; defaults to now' })
  @IsOptional() @IsISO8601(strictDate)
  respondedAt?: string;

  @ApiPropertyOptional({ enum: ['telephone', 'text', 'email', 'letter', 'in_person'] })
  @IsOptional() @IsIn(['telephone', 'text', 'email', 'letter', 'in_person'])
  method?: string;
}

export class ShareCaseDto {
  @ApiProperty()
  @IsUUID()
  organisationId!: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional() @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ enum: ['standard', 'medium', 'high'] })
  @IsOptional() @IsIn(['standard', 'medium', 'high'])
  riskLevel?: 'standard' | 'medium' | 'high';

  @ApiPropertyOptional()
  @IsOptional() @IsUUID()
  spocOfficerId?: string;

  @ApiPropertyOptional({ description: 'true: past the response deadline with no first response recorded' })
  @IsOptional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 1_000_000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}
