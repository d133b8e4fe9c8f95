import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { renderLetter } from '../channels/letter/letter-pdf.js';
import { validatePostalAddress } from '../channels/letter/postal-address.js';
import { MAX_SMS_FRAGMENTS, prepareSms } from '../channels/sms/sms-text.js';
import { ClockService } from '../clock/clock.service.js';
import { InputError } from '../http/input-error.js';
import { MissingFieldError, TemplateCatalogue, type Rendered } from '../templates/template-catalogue.js';
import type { PreviewDto } from './previews.dto.js';
import { TEMPLATES_DIR } from './templates-dir.js';

const SAMPLE_ADDRESS = ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'NN1 3AB'];

/** Shows exactly what a recipient would get, without sending anything. */
@Injectable()
export class PreviewsService {
  constructor(
    private readonly templates: TemplateCatalogue,
    private readonly clock: ClockService,
  ) {}

  render(dto: PreviewDto): Rendered {
    if (!dto.template === !dto.body) throw InputError.of('template', 'oneOf', 'Give either template or body, not both');
    const data = dto.data ?? (dto.template ? this.sample(dto.template) : {});
    try {
      return dto.template
        ? this.templates.render(dto.channel, dto.template, data, { discreet: dto.discreet })
        : this.templates.renderBody(dto.channel, dto.body!, data, { subject: dto.subject });
    } catch (error) {
      if (error instanceof MissingFieldError) {
        throw new InputError(error.fields.map((f) => ({ field: `data.${f}`, rule: 'required', message: `data.${f} is needed by this template` })));
      }
      throw error;
    }
  }

  describe(rendered: Rendered) {
    if (rendered.channel === 'sms') {
      const sms = prepareSms(rendered.text);
      return { channel: 'sms', text: sms.text, characters: sms.characters, fragments: sms.fragments, encoding: sms.encoding, sendable: sms.fragments > 0 && sms.fragments <= MAX_SMS_FRAGMENTS };
    }
    return rendered;
  }

  async letterPdf(rendered: Rendered, dto: PreviewDto): Promise<{ pdf: Buffer; pages: number; address: ReturnType<typeof validatePostalAddress> }> {
    if (rendered.channel !== 'letter') throw InputError.of('channel', 'letter', 'Only letters can be previewed as PDF');
    const address = validatePostalAddress(dto.address ?? SAMPLE_ADDRESS);
    if (!address.valid) {
      throw new InputError(address.errors.map((e) => ({ field: e.line ? `address[${e.line - 1}]` : 'address', rule: 'postalAddress', message: e.message })));
    }
    const data = (dto.data ?? (dto.template ? this.sample(dto.template) : {})) as { organisation?: { name?: string; address?: string[]; phone?: string; email?: string; website?: string }; case?: { reference?: string } };
    const letter = await renderLetter({
      letterhead: {
        organisationName: data.organisation?.name ?? 'Community Safety Partnership',
        addressLines: data.organisation?.address ?? [],
        phone: data.organisation?.phone,
        email: data.organisation?.email,
        website: data.organisation?.website,
      },
      recipientAddress: address.lines,
      date: this.clock.now(),
      reference: data.case?.reference ?? 'PREVIEW',
      body: rendered.body,
      largePrint: dto.largePrint ?? false,
      discreet: dto.discreet,
    });
    return { ...letter, address };
  }

  private sample(purpose: string): Record<string, unknown> {
    return JSON.parse(readFileSync(join(TEMPLATES_DIR, 'samples', `${purpose}.json`), 'utf8'));
  }
}
