import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

export const COMMENT_MAX = 2000;

/** Form fields arrive as text: "4" is 4, an empty field is no answer, anything else stays as sent (and fails). */
const formScore = ({ value }: { value: unknown }) =>
  value === '' ? undefined : typeof value === 'string' && /^\s*\d{1,3}\s*$/.test(value) ? Number(value) : value;
const formText = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : value);

/** The public survey page's form (application/x-www-form-urlencoded); messages are written for the victim. */
export class SurveyFormDto {
  @Transform(formScore)
  @IsInt({ message: 'Select how satisfied you are overall, from 1 to 5' })
  @Min(1, { message: 'Select how satisfied you are overall, from 1 to 5' })
  @Max(5, { message: 'Select how satisfied you are overall, from 1 to 5' })
  overall!: number;

  @IsOptional()
  @Transform(formScore)
  @IsInt({ message: 'Select how well we kept you informed, from 1 to 5, or leave it blank' })
  @Min(1, { message: 'Select how well we kept you informed, from 1 to 5, or leave it blank' })
  @Max(5, { message: 'Select how well we kept you informed, from 1 to 5, or leave it blank' })
  keptInformed?: number;

  @IsOptional()
  @Transform(formText)
  @IsString({ message: 'Your comments must be text' })
  @MaxLength(COMMENT_MAX, { message: `Your comments must be ${COMMENT_MAX.toLocaleString('en-GB')} characters or fewer` })
  comment?: string;
}

/** A returned reply slip (or an answer given by phone), typed in by an officer. */
export class SurveyResponseDto {
  @ApiPropertyOptional({ description: "The survey answered; defaults to the case's latest unanswered survey" })
  @IsOptional() @IsUUID()
  surveyId?: string;

  @ApiProperty({ minimum: 1, maximum: 5, description: 'Overall satisfaction: 1 very dissatisfied … 5 very satisfied' })
  @IsInt() @Min(1) @Max(5)
  overall!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, description: 'How well the victim was kept informed: 1 very poorly … 5 very well' })
  @IsOptional() @IsInt() @Min(1) @Max(5)
  keptInformed?: number;

  @ApiPropertyOptional({ maxLength: COMMENT_MAX, description: "The victim's comment, in their words (stored encrypted)" })
  @IsOptional() @IsString() @MaxLength(COMMENT_MAX)
  comment?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SatisfactionReportQuery {
  @ApiProperty({ example: '2026-11-01', description: 'First day (London) of the window: surveys sent on or after it' })
  @Matches(ISO_DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: '$property must be a real date' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'Last day (London) of the window, included' })
  @Matches(ISO_DATE, { message: '$property must be a date as YYYY-MM-DD' }) @IsISO8601({ strict: true }, { message: '$property must be a real date' })
  to!: string;

  @ApiPropertyOptional({ description: 'Only surveys sent for cases this organisation led' })
  @IsOptional() @IsUUID()
  organisation?: string;
}
