import { Inject, Injectable } from '@nestjs/common';
import { InputError } from '../http/input-error.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { TEMPLATES_DIR } from '../templates/templates-dir.js';
import { Settings } from '../settings/settings.js';
import { TemplateCatalogue } from '../templates/template-catalogue.js';
import { checkDiscreet, checkDiscreetSettings, describeLeaks, loadSamples, type CheckedOrganisation, type Leak, type Samples } from './discreet-check.js';
import { ForbiddenWords } from './forbidden-words.js';

/** The organisation in the sample data, checked as if it were a partner. */
const sampleOrganisation = (samples: Samples): CheckedOrganisation => {
  const org = samples.acknowledgement.organisation as CheckedOrganisation;
  return { ...org, code: org.code ?? 'SAMPLE' };
};

/**
 * Keeps discreet messages discreet for every partner: at start-up (the service refuses to start if
 * one would carry a forbidden word) and whenever an organisation is created.
 */
@Injectable()
export class DiscreetCheck {
  private readonly samples: Samples;

  constructor(
    private readonly templates: TemplateCatalogue,
    private readonly partnership: PartnershipService,
    @Inject(Settings) private readonly settings: Settings,
  ) {
    this.samples = loadSamples(TEMPLATES_DIR);
  }

  /** Every organisation in the database and the sample data; throws naming each leak. */
  async assertSafe(): Promise<void> {
    const organisations = await this.partnership.listOrganisations();
    const officers = await this.partnership.listOfficers();
    const checked = [
      { organisation: sampleOrganisation(this.samples), officers: [] },
      ...organisations.map((organisation) => ({
        organisation,
        officers: officers.filter((o) => o.organisationId === organisation.id && (o.role === 'officer' || o.role === 'supervisor')),
      })),
    ];
    const forbidden = ForbiddenWords.for(this.settings.discreet.forbiddenWords, checked.map((c) => c.organisation));
    const leaks = [...checkDiscreetSettings(this.settings, forbidden), ...checkDiscreet(this.templates, this.samples, this.settings, checked, forbidden)];
    if (leaks.length > 0) throw new Error(describeLeaks(leaks));
  }

  /** A new or changed organisation: a 400 naming the field through which it would be given away. */
  async assertOrganisationSafe(organisation: CheckedOrganisation & { id?: string }): Promise<void> {
    const others = (await this.partnership.listOrganisations()).filter((o) => o.id !== organisation.id);
    const forbidden = ForbiddenWords.for(this.settings.discreet.forbiddenWords, [...others, organisation]);
    const problems: { field: string; rule: string; message: string }[] = [];
    for (const field of ['discreetName', 'discreetSmsSender'] as const) {
      const words = forbidden.find(organisation[field] ?? '');
      if (words.length) problems.push({ field, rule: 'discreet', message: `${field} is shown in discreet messages and must not contain "${words[0]}"` });
    }
    if (problems.length === 0) {
      const leaks: Leak[] = checkDiscreet(this.templates, this.samples, this.settings, [{ organisation, officers: [] }], forbidden);
      if (leaks.length) {
        const field = forbidden.find(organisation.code).length && !forbidden.find(organisation.name).length ? 'code' : 'name';
        problems.push({ field, rule: 'discreet', message: `${field} would appear in discreet messages (${leaks[0].where}: "${leaks[0].word}"); change it or the discreet sender settings` });
      }
    }
    if (problems.length) throw new InputError(problems);
  }

  /**
   * An officer's own words for a victim who agreed to discreet contact: a 400 naming `field` when
   * they hold a forbidden word (DISCREET_FORBIDDEN_WORDS, any organisation's name or code) or a
   * case reference in either form (`ASB-2026-000123`, `2026-000123`). Templates are checked at
   * start-up; free text can only be checked as it is written.
   */
  async assertDiscreetText(field: string, text: string): Promise<void> {
    const forbidden = ForbiddenWords.for(this.settings.discreet.forbiddenWords, await this.partnership.listOrganisations());
    const found = [...forbidden.find(text), ...(text.match(CASE_REFERENCE) ?? [])];
    if (found.length === 0) return;
    throw InputError.of(field, 'discreet',
      `The victim agreed to discreet contact: ${field} must not say ${found.map((w) => `"${w}"`).join(', ')}, which would show who is in touch and why. Reword it.`);
  }
}

/** A case reference with or without its prefix. */
const CASE_REFERENCE = /(?<![\p{L}\p{N}])(?:ASB[-\s]?)?\d{4}-\d{6}(?![\p{N}])/giu;

