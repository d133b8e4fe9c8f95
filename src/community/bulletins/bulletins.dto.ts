import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsIn, IsInt, IsISO8601, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { BulletinContentDto } from './bulletin-content.js';
import { BULLETIN_TYPES, type BulletinType } from './bulletin.entity.js';

export class CreateBulletinDto {
  @ApiProperty({ enum: BULLETIN_TYPES })
  @IsIn(BULLETIN_TYPES)
  type!: BulletinType;

  @ApiProperty({ type: [String], description: 'The neighbourhoods it goes to' })
  @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  neighbourhoodIds!: string[];

  @ApiProperty({ type: BulletinContentDto })
  @ValidateNested() @Type(() => BulletinContentDto)
  content!: BulletinContentDto;
}

export class UpdateBulletinDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsUUID('all', { each: true })
  neighbourhoodIds?: string[];

  @ApiPropertyOptional({ type: BulletinContentDto })
  @IsOptional() @ValidateNested() @Type(() => BulletinContentDto)
  content?: BulletinContentDto;
}

export class SendBulletinDto {
  @ApiPropertyOptional({ example: '2026-12-01T09:00:00Z', description: 'When to send; default now' })
  @IsOptional() @IsISO8601({ strict: true, strictSeparator: true })
  at?: string;
}

export class PreviewQuery {
  @ApiProperty({ enum: ['email', 'sms'] })
  @IsIn(['email', 'sms'])
  channel!: 'email' | 'sms';
}

export class PrintQuery {
  @ApiPropertyOptional({ enum: ['a5', 'a4'], default: 'a5', description: 'A5: two leaflets per A4 sheet' })
  @IsOptional() @IsIn(['a5', 'a4'])
  layout?: 'a5' | 'a4';

  @ApiPropertyOptional({
    description: 'The whole print run. Streets with a letterbox count get one per letterbox; the streets not counted share the rest; '
      + 'if every street is counted the rest are spare. Fewer than the letterboxes counted is a 400.',
  })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000)
  copies?: number;
}

export class DeliveriesQuery {
  @ApiPropertyOptional({ enum: ['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped'] })
  @IsOptional() @IsIn(['queued', 'sending', 'sent', 'delivered', 'failed', 'skipped'])
  status?: string;

  @ApiPropertyOptional({ default: 100 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ default: 0, maximum: 1_000_000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset?: number;
}
