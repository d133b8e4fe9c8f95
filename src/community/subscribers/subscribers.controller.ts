import { Controller, HttpCode, PayloadTooLargeException, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../auth/access.js';
import { InputError } from '../../http/input-error.js';
import { SubscriberImport } from './subscriber-import.js';

/** Uploads larger than this are refused (about 400,000 rows). */
const MAX_BYTES = 50 * 1024 * 1024;

/** Subscriber lists for comms: imported in bulk, counted per neighbourhood; never shown. */
@ApiTags('subscribers')
@ApiBearerAuth()
@Roles('comms', 'supervisor')
@Controller('v1/subscribers')
export class SubscribersController {
  constructor(private readonly importer: SubscriberImport) {}

  @Post('import')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import a list of people who already agreed to neighbourhood news',
    description: 'CSV with the header email,phone,postcode,consent_date[,neighbourhood]. Good rows become confirmed subscribers and bad rows are left out; the report gives rejected and skipped rows by number and reason, never their contents. Blank lines and rows of only commas are passed over. A file that cannot be read (bad header, a quote never closed, too large) imports nothing.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'email,phone,postcode,consent_date,neighbourhood\nresident@example.com,07911 123456,NN1 3AB,2025-06-30,Semilong\n' } })
  import(@Req() req: Request) {
    if (!req.is('text/csv')) throw InputError.of('Content-Type', 'isCsv', 'Send the list as Content-Type: text/csv');
    return this.importer.import(uploadedText(req));
  }
}

/** The request body as text, as it arrives: it is not read by any body parser (none takes text/csv). */
async function* uploadedText(req: Request): AsyncGenerator<string> {
  let bytes = 0;
  req.setEncoding('utf8');
  for await (const chunk of req as AsyncIterable<string>) {
    bytes += Buffer.byteLength(chunk);
    if (bytes > MAX_BYTES) throw new PayloadTooLargeException(`The list is larger than ${MAX_BYTES / 1024 / 1024} MB: split it into several imports`);
    yield chunk;
  }
}
