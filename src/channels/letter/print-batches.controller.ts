import { Controller, Get, Header, HttpCode, Param, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Caller } from '../../auth/access.js';
import { CurrentCaller, Roles } from '../../auth/access.js';
import { UuidParam } from '../../http/uuid-param.js';
import { LetterPost } from './letter-post.service.js';

/**
 * The post room's runs: one PDF of an organisation's letters and a CSV manifest. Supervisors
 * only, and only their own organisation's runs (another partner's run is a 404); admins and
 * comms staff never see victims' letters (403). Every download is audited.
 */
@ApiTags('letters')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('v1/print-batches')
export class PrintBatchesController {
  constructor(private readonly letters: LetterPost) {}

  @Get()
  list(@CurrentCaller() caller: Caller) {
    return this.letters.listBatches(caller);
  }

  /** Runs the caller's organisation's batch now instead of waiting for PRINT_BATCH_TIME; `{letters: 0}` when none wait. */
  @Post()
  async runNow(@CurrentCaller() caller: Caller) {
    const [batch] = await this.letters.runPrintBatch(caller.organisationId);
    return batch
      ? { id: batch.id, createdAt: batch.createdAt, letters: batch.letters, sheets: batch.sheets, envelopes: batch.envelopes, firstClassEnvelopes: batch.firstClassEnvelopes }
      : { letters: 0 };
  }

  /** The post room has posted the run: records when and who. 409 if it was marked posted before; 404 for another partner's run. */
  @Post(':id/posted')
  @HttpCode(200)
  markPosted(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.letters.markPosted(id, caller);
  }

  @Get(':id/letters.pdf')
  @Header('Content-Type', 'application/pdf')
  async pdf(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return new StreamableFile(await this.letters.batchFile(id, 'pdf', caller));
  }

  @Get(':id/manifest.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async manifest(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return new StreamableFile(await this.letters.batchFile(id, 'manifest', caller));
  }
}
