import { Injectable } from '@nestjs/common';
import { parsePhone } from '../../contact-details/phone-numbers.js';
import type { BulletinContent } from '../bulletins/bulletin-content.js';
import { BulletinContentRepository } from './bulletin-content.repository.js';
import { personalDetails, type PersonalDetailKind, type PublishedContacts } from './personal-details.js';
import { VictimDataCheck } from './victim-data-check.js';
import { contentFields, type VictimDataKind } from './victim-data-matcher.js';

/**
 * Why a field was refused, for the audit log only (never told to the person writing): a kind of
 * personal detail found by its form, or a victim's detail found by matching.
 */
export type RefusalClass = PersonalDetailKind | 'victimName' | 'victimPhone' | 'victimEmail' | 'victimAddress';

export interface WordsFinding {
  /** As the content names it: `sections[0].body`. */
  field: string;
  classes: RefusalClass[];
}

const VICTIM_CLASS: Record<VictimDataKind, RefusalClass> = { name: 'victimName', phone: 'victimPhone', email: 'victimEmail', address: 'victimAddress' };

/**
 * The check on every word of a bulletin: any phone number a person answers, email address, or
 * house number and street (see personalDetails), and any detail of a victim known in the
 * bulletin's areas (VictimDataCheck). The partnership's organisations' own phone numbers and
 * email domains may be given. Callers refuse every finding with the same words.
 */
@Injectable()
export class BulletinWordsCheck {
  constructor(
    private readonly repository: BulletinContentRepository,
    private readonly victimData: VictimDataCheck,
  ) {}

  /** The fields holding personal details, in content order, with why; empty when none does. */
  async findings(content: BulletinContent, areas: string[]): Promise<WordsFinding[]> {
    const [matcher, published] = await Promise.all([this.victimData.matcher(areas), this.published()]);
    return contentFields(content).flatMap(([field, text]) => {
      const classes: RefusalClass[] = [...personalDetails(text, published), ...(matcher.empty ? [] : matcher.find(text).map((kind) => VICTIM_CLASS[kind]))];
      return classes.length ? [{ field, classes }] : [];
    });
  }

  /** The organisations' phone numbers (E.164) and email domains. */
  private async published(): Promise<PublishedContacts> {
    const rows: { phone: string | null; email: string | null }[] = await this.repository.organisationContacts();
    const phones = new Set(rows.flatMap((r) => {
      const parsed = r.phone ? parsePhone(r.phone) : null;
      return parsed ? [parsed.e164] : [];
    }));
    const emailDomains = new Set(rows.flatMap((r) => (r.email?.includes('@') ? [r.email.split('@').pop()!.trim().toLowerCase()] : [])));
    return { phones, emailDomains };
  }
}
