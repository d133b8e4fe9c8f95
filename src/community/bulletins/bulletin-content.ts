import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested,
} from 'class-validator';

/** What a comms officer writes; the templates in `templates/community/` lay it out per channel. */
export interface BulletinContent {
  headline: string;
  /** A short summary: the SMS text and the email preheader. */
  summary: string;
  sections: { heading: string; body: string }[];
  whatWeAreDoing: string[];
  howToReport: string;
  contactNumbers: { label: string; number: string }[];
  /** Street briefings: where, when, who will be there. */
  briefing?: { where: string; when: string; who: string[] };
}

export class SectionDto {
  @ApiProperty({ example: 'Mill Court car park' }) @IsString() @IsNotEmpty() @MaxLength(120)
  heading!: string;

  @ApiProperty({ example: 'Since October, patrols have visited the car park every evening.' }) @IsString() @IsNotEmpty() @MaxLength(3000)
  body!: string;
}

export class ContactNumberDto {
  @ApiProperty({ example: 'Police non-emergency' }) @IsString() @IsNotEmpty() @MaxLength(80)
  label!: string;

  @ApiProperty({ example: '101' }) @IsString() @IsNotEmpty() @MaxLength(40)
  number!: string;
}

export class BriefingDto {
  @ApiProperty({ example: 'St Mary\'s Church Hall, Mill Road' }) @IsString() @IsNotEmpty() @MaxLength(200)
  where!: string;

  @ApiProperty({ example: '2026-12-10T18:30:00Z' }) @IsISO8601({ strict: true, strictSeparator: true })
  when!: string;

  @ApiProperty({ example: ['PC Alex Morgan', 'Northtown Council ASB team'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(10) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(120, { each: true })
  who!: string[];
}

export class BulletinContentDto implements BulletinContent {
  @ApiProperty({ example: 'Fewer problems at Mill Court' }) @IsString() @IsNotEmpty() @MaxLength(120)
  headline!: string;

  @ApiProperty({ example: 'Evening patrols at Mill Court have cut reports by half. Here is what we are doing next.' })
  @IsString() @IsNotEmpty() @MaxLength(300)
  summary!: string;

  @ApiProperty({ type: [SectionDto] }) @ArrayMinSize(1) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => SectionDto)
  sections!: SectionDto[];

  @ApiProperty({ example: ['Evening patrols until March', 'New lighting in the car park'] })
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(300, { each: true })
  whatWeAreDoing!: string[];

  @ApiProperty({ example: 'Call 101, or report online at www.northtown.example/asb. In an emergency call 999.' })
  @IsString() @IsNotEmpty() @MaxLength(500)
  howToReport!: string;

  @ApiProperty({ type: [ContactNumberDto] }) @ArrayMaxSize(10) @ValidateNested({ each: true }) @Type(() => ContactNumberDto)
  contactNumbers!: ContactNumberDto[];

  @ApiPropertyOptional({ type: BriefingDto, description: 'Required for a street briefing' })
  @IsOptional() @ValidateNested() @Type(() => BriefingDto)
  briefing?: BriefingDto;
}
