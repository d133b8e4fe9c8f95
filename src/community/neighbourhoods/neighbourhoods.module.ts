import { Module } from '@nestjs/common';
import { NeighbourhoodsController } from './neighbourhoods.controller.js';
import { NeighbourhoodsRepository } from './neighbourhoods.repository.js';
import { NeighbourhoodsService } from './neighbourhoods.service.js';

/** Neighbourhoods: the postcode areas bulletins go to. */
@Module({
  controllers: [NeighbourhoodsController],
  providers: [NeighbourhoodsService, NeighbourhoodsRepository],
  exports: [NeighbourhoodsService],
})
export class NeighbourhoodsModule {}
