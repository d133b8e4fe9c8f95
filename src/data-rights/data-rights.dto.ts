import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length, Matches } from 'class-validator';

export class SubjectAccessQuery {
  @ApiPropertyOptional({ enum: ['json', 'pdf'], description: 'Overrides the Accept header' })
  @IsOptional() @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class ErasureDto {
  @ApiProperty({
    example: 'Asked by email on 3 March 2027; the case closed in 2025 and no proceedings are pending.',
    description: 'Why the data is erased: the ground and how the request came. Kept encrypted as the record of the request.',
  })
  @IsString() @Length(1, 2000) @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @ApiPropertyOptional({ example: '2027-03-03T09:30:00Z', description: 'When the request reached us; defaults to now. Not in the future.' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  requestReceivedAt?: string;
}
