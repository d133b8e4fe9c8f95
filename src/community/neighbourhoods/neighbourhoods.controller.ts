import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/access.js';
import { CurrentCaller, Roles } from '../../auth/access.js';
import { UuidParam } from '../../http/uuid-param.js';
import { CreateNeighbourhoodDto, NeighbourhoodsQuery, UpdateNeighbourhoodDto } from './neighbourhoods.dto.js';
import { NeighbourhoodsService } from './neighbourhoods.service.js';

/** Neighbourhoods the partnership sends news to; subscriber numbers only, never who they are. */
@ApiTags('neighbourhoods')
@ApiBearerAuth()
@Roles('comms', 'supervisor', 'admin')
@Controller('v1/neighbourhoods')
export class NeighbourhoodsController {
  constructor(private readonly neighbourhoods: NeighbourhoodsService) {}

  @Post()
  create(@Body() dto: CreateNeighbourhoodDto, @CurrentCaller() caller: Caller) {
    return this.neighbourhoods.create(dto, caller);
  }

  /** All of them, or with `postcode` the ones covering it (by its sector or district). */
  @Get()
  list(@Query() query: NeighbourhoodsQuery) {
    return this.neighbourhoods.list(query.postcode);
  }

  @Get(':id')
  get(@Param('id', UuidParam) id: string) {
    return this.neighbourhoods.get(id);
  }

  @Patch(':id')
  update(@Param('id', UuidParam) id: string, @Body() dto: UpdateNeighbourhoodDto) {
    return this.neighbourhoods.update(id, dto);
  }
}
