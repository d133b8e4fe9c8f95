import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class StreetDto {
  @ApiProperty({ example: 'Mill Road' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 84, description: 'Letterboxes on the street, for door-drop copies' })
  @IsInt() @Min(0) @Max(100000)
  addresses!: number;
}

export class CreateNeighbourhoodDto {
  @ApiProperty({ example: 'Semilong and Mill Court' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(120)
  name!: string;

  /** Each item is checked by the service, so a bad one is named `areas[i]`. */
  @ApiProperty({ example: ['NN1 3', 'NN2'], description: 'Postcode sectors (NN1 3) or districts (NN1) the neighbourhood covers: 1 to 50' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50)
  areas!: unknown[];

  @ApiPropertyOptional({ type: [StreetDto], description: 'Streets and their letterboxes, for door-drop copy counts' })
  @IsOptional() @IsArray() @ArrayMaxSize(2000) @ValidateNested({ each: true }) @Type(() => StreetDto)
  streets?: StreetDto[];
}

export class UpdateNeighbourhoodDto extends PartialType(CreateNeighbourhoodDto) {}

export class NeighbourhoodsQuery {
  @ApiPropertyOptional({ example: 'NN1 3AB', description: 'Only the neighbourhoods covering this postcode' })
  @IsOptional() @IsString() @MaxLength(20)
  postcode?: string;
}
