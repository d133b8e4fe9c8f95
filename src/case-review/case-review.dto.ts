import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateNested,
} from 'class-validator';
import { PlannedActionDto } from '../case-journey/case-journey.dto.js';
import { APPLICANTS, RECEIVED_VIA, type Applicant, type ReceivedVia } from './case-review.entity.js';

const strictDate = { strict: true, strictSeparator: true };
const NOT_BLANK = /\S/;

/** `POST /v1/cases/:id/case-review`: a request for an ASB Case Review, as it was received. */
export class CaseReviewRequestDto {
  @ApiProperty({ example: '2026-11-23', description: 'The day the request was received (not in the future)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'receivedOn must be a date as YYYY-MM-DD' }) @IsISO8601(strictDate)
  receivedOn!: string;

  @ApiProperty({ enum: RECEIVED_VIA })
  @IsIn(RECEIVED_VIA)
  receivedVia!: ReceivedVia;

  @ApiProperty({ enum: APPLICANTS, description: 'The victim, or someone on their behalf with their consent' })
  @IsIn(APPLICANTS)
  applicant!: Applicant;

  @ApiPropertyOptional({ example: 'Cllr Jo Bloggs, ward councillor', description: 'Who applied on the victim\'s behalf; needed then, kept encrypted' })
  @IsOptional() @IsString() @Matches(NOT_BLANK, { message: 'applicantDetails must not be blank' }) @MaxLength(300)
  applicantDetails?: string;
}

/** `POST /v1/cases/:id/case-review/decision`: whether the threshold is met, and why. */
export class CaseReviewDecisionDto {
  @ApiProperty()
  @IsBoolean()
  thresholdMet!: boolean;

  @ApiProperty({ example: 'You reported the noise 4 times in the last 6 months.', description: 'Why; told to the victim' })
  @IsString() @Matches(NOT_BLANK, { message: 'reason must not be blank' }) @MaxLength(1000)
  reason!: string;
}

/** `POST /v1/cases/:id/case-review/meeting`: the review meeting and its recommendations. */
export class CaseReviewMeetingDto {
  @ApiProperty({ example: '2026-12-08', description: 'The day the meeting was held (not in the future)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn must be a date as YYYY-MM-DD' }) @IsISO8601(strictDate)
  heldOn!: string;

  @ApiProperty({ type: [String], description: 'The partner organisations that attended' })
  @IsUUID('all', { each: true }) @ArrayMinSize(1) @ArrayMaxSize(20)
  organisationIds!: string[];

  @ApiProperty({ type: [PlannedActionDto], description: 'The recommendations, as actions: what, who (a partner or "victim"), by when' })
  @ValidateNested({ each: true }) @Type(() => PlannedActionDto) @ArrayMinSize(0) @ArrayMaxSize(30)
  recommendations!: PlannedActionDto[];
}

/** `POST /v1/cases/:id/case-review/outcome`: the outcome letter to the victim. */
export class CaseReviewOutcomeDto {
  @ApiProperty({ example: 'The partners agreed the council will apply for a closure order.', description: 'What the review found; told to the victim' })
  @IsString() @Matches(NOT_BLANK, { message: 'outcome must not be blank' }) @MaxLength(2000)
  outcome!: string;
}

export class ListCaseReviewsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'], default: 'open' })
  @IsOptional() @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';
}
