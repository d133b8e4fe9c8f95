import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AgreementsService } from '../contacts/agreements.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { renderLetter } from '../channels/letter/letter-pdf.js';
import { validatePostalAddress } from '../contact-details/postal-address.js';
import { MAX_SMS_FRAGMENTS, prepareSms } from '../channels/sms/sms-text.js';
import { CasesService } from '../cases/cases.service.js';
import { ClockService } from '../clock/clock.service.js';
import { letterData, letterSenderFor, type SendingOrganisation } from '../templates/outgoing.js';
import { renderData } from '../templates/render-data.js';
import { InputError } from '../http/input-error.js';
import { Settings } from '../settings/settings.js';
import { MissingFieldError, TemplateCatalogue, type Rendered } from '../templates/template-catalogue.js';
import { TemplateError } from '../templates/template-types.js';
import type { PreviewDto } from './previews.dto.js';
import { TEMPLATES_DIR } from '../templates/templates-dir.js';

const SAMPLE_ADDRESS = ['Jane Doe', '12 Acacia Avenue', 'Northampton', 'NN1 3AB'];
const SAMPLE_CASE = { id: '00000000-0000-0000-0000-000000000000', reference: 'PREVIEW' };

type Data = Record<string, unknown>;

/** What a preview is rendered from: sample data, the officer's own data, or a real case. */
interface Prepared {
  data: Data;
  discreet: boolean;
  lead: SendingOrganisation;
  case: { id: string; reference: string };
  address: string[] | null;
}

/**
 * Shows exactly what a recipient would get, without sending anything. Given a case, it is that
 * case's victim, SPOC and organisation, discreet if the victim's agreement says so, and for a
 * letter the letterhead (or plain letterhead) and address that would be printed.
 */
@Injectable()
export class PreviewsService {
  constructor(
    private readonly templates: TemplateCatalogue,
    private readonly clock: ClockService,
    private readonly cases: CasesService,
    private readonly agreements: AgreementsService,
    private readonly audit: AuditService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  async prepare(dto: PreviewDto, caller: Caller): Promise<Prepared> {
    if (!dto.template === !dto.body) throw InputError.of('template', 'oneOf', 'Give either template or body, not both');
    const sample = dto.template ? this.sample(dto.template) : {};
    if (!dto.caseId) {
      const data = dto.data ?? sample;
      const org = (data.organisation ?? {}) as Partial<SendingOrganisation>;
      const lead = { name: org.name ?? 'Community Safety Partnership', phone: org.phone ?? null, email: org.email, website: org.website, address: org.address ?? [] };
      const reference = ((data.case ?? {}) as { reference?: string }).reference ?? SAMPLE_CASE.reference;
      return { data, discreet: dto.discreet ?? false, lead, case: { ...SAMPLE_CASE, reference }, address: null };
    }
    const visible = await this.cases.visibleCase(dto.caseId, caller);
    const card = await this.cases.contactCard(visible.id);
    await this.audit.record(caller, 'victim_data_read', { caseId: visible.id, victimId: visible.victimId, fields: ['victim.name', 'victim.address'] });
    const discreet = dto.discreet ?? (await this.agreements.find(visible.id))?.discreet ?? false;
    // The purpose's own fields (an update's words, a survey link) come from `data`, else the sample.
    const data = { ...sample, ...(dto.data ?? {}), ...renderData(card, {}) };
    for (const [key, value] of Object.entries(dto.data ?? {})) if (!['recipient', 'organisation', 'spoc', 'case'].includes(key)) data[key] = value;
    return { data, discreet, lead: card.lead, case: card.case, address: card.victim.address ? [card.victim.name, ...card.victim.address] : null };
  }

  render(dto: PreviewDto, prepared: Prepared): Rendered {
    const { discreet } = prepared;
    const data = dto.channel === 'letter' ? { ...letterData(discreet, prepared.case, prepared.lead, this.settings), ...prepared.data } : prepared.data;
    try {
      return dto.template
        ? this.templates.render(dto.channel, dto.template, data, { discreet })
        : this.templates.renderBody(dto.channel, dto.body!, data, { subject: dto.subject });
    } catch (error) {
      if (error instanceof MissingFieldError) {
        const where = dto.caseId ? 'case' : 'data';
        throw new InputError(error.fields.map((f) => ({ field: `${where}.${f}`, rule: 'required', message: `${where}.${f} is needed by this template` })));
      }
      if (dto.body !== undefined) throw freeTextProblem(error);
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

  async letterPdf(rendered: Rendered, dto: PreviewDto, prepared: Prepared): Promise<{ pdf: Buffer; pages: number; address: ReturnType<typeof validatePostalAddress> }> {
    if (rendered.channel !== 'letter') throw InputError.of('channel', 'letter', 'Only letters can be previewed as PDF');
    const address = validatePostalAddress(dto.address ?? prepared.address ?? SAMPLE_ADDRESS);
    if (!address.valid) {
      throw new InputError(address.errors.map((e) => ({ field: e.line ? `address[${e.line - 1}]` : 'address', rule: 'postalAddress', message: e.message })));
    }
    const letter = await renderLetter({
      sender: letterSenderFor(prepared.discreet, prepared.case, prepared.lead, this.settings),
      recipientAddress: address.lines,
      date: this.clock.now(),
      body: rendered.body,
      largePrint: dto.largePrint ?? false,
    });
    return { ...letter, address };
  }

  private sample(purpose: string): Data {
    return JSON.parse(readFileSync(join(TEMPLATES_DIR, 'samples', `${purpose}.json`), 'utf8'));
  }
}

/**
 * The officer's own text does not work as a template (`Hello {{name}`, an unknown helper): a 400
 * naming `body` or `subject` with the line, never the text itself (it may hold a victim's details,
 * and the error would otherwise reach the logs as a 500).
 */
function freeTextProblem(error: unknown): InputError {
  const problems = error instanceof TemplateError ? error.problems : [String((error as Error)?.message ?? '')];
  return new InputError(
    problems.map((problem) => {
      const field = problem.startsWith('the subject') ? 'subject' : 'body';
      const line = /line (\d+)/.exec(problem)?.[1];
      const parse = /Parse error|Expecting|doesn't match|unterminated|Invalid/i.test(problem);
      const reason = parse
        ? `is not valid Handlebars${line ? ` (line ${line})` : ''}: check that every {{ has a matching }} and every block is closed`
        : 'cannot be rendered: it uses a helper, partial or block that does not exist here';
      return { field, rule: 'template', message: `${field} ${reason}` };
    }),
  );
}
