import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsDefined, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { RiskAnswersDto } from '../cases/case.dto.js';
import { EVIDENCE_KINDS, type EvidenceKind } from './case-journey.entities.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const VICTIM_OR_UUID = /^(victim|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class CloseCaseDto {
  @ApiProperty({ example: 'We gave the people involved a written warning and patrolled the car park in the evenings for 6 weeks.', description: 'What was done; told to the victim' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  outcome!: string;

  @ApiProperty({ example: 'There have been no new reports since 20 April.', description: 'Why the case is closed; told to the victim' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason!: string;
}

export class ReopenCaseDto {
  @ApiProperty({ example: 'The victim called on 3 March: the football against the door has started again.', description: 'Why the case is reopened; kept encrypted, shown in the case history' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(1000)
  reason!: string;
}

export class PlannedActionDto {
  @ApiProperty({ example: 'Visit the people involved and give them a written warning' })
  @IsString() @IsNotEmpty() @MaxLength(500)
  what!: string;

  @ApiProperty({ example: 'victim', description: '"victim", or the id of the partner organisation that will do it' })
  @Matches(VICTIM_OR_UUID, { message: '$property must be "victim" or a partner organisation id' })
  who!: string;

  @ApiProperty({ example: '2026-12-18', description: 'A date, YYYY-MM-DD' })
  @Matches(DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true })
  by!: string;
}

export class ActionPlanDto {
  @ApiProperty({ type: [PlannedActionDto] })
  @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => PlannedActionDto)
  actions!: PlannedActionDto[];
}

export class DiarySheetsDto {
  @ApiPropertyOptional({ example: '2026-12-22', description: 'When to send them back; default 4 weeks from today' })
  @IsOptional() @Matches(DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true })
  returnBy?: string;

  @ApiPropertyOptional({ enum: ['email', 'letter'], description: 'Default: the first of these the victim agreed to' })
  @IsOptional() @IsIn(['email', 'letter'])
  channel?: 'email' | 'letter';
}

export class EvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind!: EvidenceKind;

  @ApiPropertyOptional({ example: '2026-12-01T10:00:00Z', description: 'Default: now' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  receivedAt?: string;

  @ApiPropertyOptional({ example: 'Three diary sheets covering 2 to 20 December', description: 'Kept encrypted' })
  @IsOptional() @IsString() @MaxLength(2000)
  description?: string;
}

export class EvidenceReviewDto {
  @ApiProperty({ example: 'We will ask the court for a Community Protection Notice.', description: 'What will be done next; told to the victim' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  action!: string;

  @ApiProperty({ example: 'Your diary shows the noise has carried on after the warning.', description: 'Why; told to the victim' })
  @IsString() @IsNotEmpty() @MaxLength(1000)
  reason!: string;

  @ApiProperty({ type: RiskAnswersDto, description: 'Risk is re-assessed at every review' })
  @IsDefined() @ValidateNested() @Type(() => RiskAnswersDto)
  riskAssessment!: RiskAnswersDto;
}
