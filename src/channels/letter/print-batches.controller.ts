import { Controller, Get, Header, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/access.js';
import { UuidParam } from '../../http/uuid-param.js';
import { LetterPost } from './letter-post.service.js';

/** The post room's runs: one PDF of the day's letters and a CSV manifest. */
@ApiTags('letters')
@ApiBearerAuth()
@Roles('supervisor', 'admin')
@Controller('v1/print-batches')
export class PrintBatchesController {
  constructor(private readonly letters: LetterPost) {}

  @Get()
  list() {
    return this.letters.listBatches();
  }

  /** Runs the batch now instead of waiting for PRINT_BATCH_TIME; 204-like null when none wait. */
  @Post()
  async runNow() {
    const batch = await this.letters.runPrintBatch();
    return batch ? { id: batch.id, createdAt: batch.createdAt, letters: batch.letters, sheets: batch.sheets } : { letters: 0 };
  }

  @Get(':id/letters.pdf')
  @Header('Content-Type', 'application/pdf')
  async pdf(@Param('id', UuidParam) id: string) {
    return new StreamableFile(await this.letters.batchFile(id, 'pdf'));
  }

  @Get(':id/manifest.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async manifest(@Param('id', UuidParam) id: string) {
    return new StreamableFile(await this.letters.batchFile(id, 'manifest'));
  }
}
