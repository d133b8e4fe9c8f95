import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { CHANNELS, PURPOSES, type Purpose, type TemplateChannel } from '../templates/template-catalogue.js';

export class PreviewDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: TemplateChannel;

  @ApiPropertyOptional({ enum: PURPOSES, description: 'A template; or give `body` instead' })
  @IsOptional() @IsIn(PURPOSES)
  template?: Purpose;

  @ApiPropertyOptional({ description: 'Free text to preview instead of a template (Handlebars allowed)' })
  @IsOptional() @IsString() @MaxLength(20000)
  body?: string;

  @ApiPropertyOptional({ description: 'Email subject for a free-text body' })
  @IsOptional() @IsString() @MaxLength(300)
  subject?: string;

  @ApiPropertyOptional({ description: "The template's data; defaults to the template's sample data" })
  @IsOptional() @IsObject()
  data?: Record<string, unknown>;

  @ApiPropertyOptional({ description: "A case: the preview uses its victim, SPOC and organisation, and its agreement's discreet flag" })
  @IsOptional() @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: "Defaults to the case's agreement when a case is given" }) @IsOptional() @IsBoolean()
  discreet?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  largePrint?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Letters: the recipient address, name first' })
  @IsOptional() @IsString({ each: true }) @ArrayMaxSize(12) @MaxLength(200, { each: true })
  address?: string[];
}

export class AddressDto {
  @ApiProperty({
    type: [String],
    example: ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'nn1 3ab'],
    description: "The envelope window's block: the addressee's name first (it counts in the 7-line window), then the address, postcode last",
  })
  @IsString({ each: true }) @ArrayMaxSize(12) @MaxLength(200, { each: true })
  lines!: string[];
}
