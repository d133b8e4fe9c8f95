import { Body, Controller, Get, Headers, HttpCode, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '../auth/access.js';
import { validatePostalAddress } from '../contact-details/postal-address.js';
import { TemplateCatalogue } from '../templates/template-catalogue.js';
import { AddressDto, PreviewDto } from './previews.dto.js';
import { PreviewsService } from './previews.service.js';

@ApiTags('templates')
@ApiBearerAuth()
@Roles('officer', 'supervisor', 'comms', 'admin')
@Controller('v1')
export class PreviewsController {
  constructor(
    private readonly previews: PreviewsService,
    private readonly templates: TemplateCatalogue,
  ) {}

  @Get('templates')
  list() {
    return this.templates.list();
  }

  /** Exactly what the recipient gets; letters as a PDF with `Accept: application/pdf`. */
  @Post('previews')
  @HttpCode(200)
  async preview(@Body() dto: PreviewDto, @Headers('accept') accept: string | undefined, @CurrentCaller() caller: Caller) {
    const prepared = await this.previews.prepare(dto, caller);
    const rendered = this.previews.render(dto, prepared);
    if (rendered.channel !== 'letter') return { ...this.previews.describe(rendered), discreet: prepared.discreet };
    const { pdf, pages, address } = await this.previews.letterPdf(rendered, dto, prepared);
    if (accept?.includes('application/pdf')) return new StreamableFile(pdf, { type: 'application/pdf' });
    return { channel: 'letter', body: rendered.body, pages, address, discreet: prepared.discreet };
  }

  @Post('addresses/validate')
  @HttpCode(200)
  validateAddress(@Body() dto: AddressDto) {
    return validatePostalAddress(dto.lines);
  }
}
