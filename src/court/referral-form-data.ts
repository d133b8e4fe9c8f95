import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { windowFor } from '../contacts/contact-planner.js';
import { describeWindow } from '../agreements/contact-timing.js';
import { formatLondonDate } from '../calendar/working-days.js';
import { CasesService } from '../cases/cases.service.js';
import { displayPhone } from '../contact-details/contact-details.js';
import type { ContactChannel } from '../contacts/contact.entity.js';
import type { ContactCard } from '../contacts/render-data.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { CourtMessages, londonTime } from './court-messages.js';
import type { CourtProceedings } from './proceedings.entity.js';
import { SpecialMeasuresApplication, type SpecialMeasure } from './special-measures.entity.js';
import type { ReferralForm } from './referral-form.js';
import { formatCaseReference } from '../templates/case-reference.js';

const CHANNEL_NAMES: Record<ContactChannel, string> = {
  sms: 'Text message (SMS)', email: 'Email', letter: 'Letter', phone: 'Phone call', in_person: 'Home visit',
};

/** The measures as the court and the Witness Service call them. */
export const MEASURE_NAMES: Record<SpecialMeasure, string> = {
  screens: 'Screens',
  live_link: 'Live link',
  evidence_in_private: 'Evidence in private',
  removal_of_wigs_and_gowns: 'Removal of wigs and gowns',
  video_recorded_evidence: 'Video-recorded evidence in chief',
  intermediary: 'Intermediary',
  communication_aids: 'Communication aids',
};

/** Gathers a referral form from the case, the contact agreement and the proceedings, when it is sent. */
@Injectable()
export class ReferralForms {
  constructor(
    private readonly cases: CasesService,
    private readonly agreements: AgreementsService,
    private readonly messages: CourtMessages,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async build(proceedings: CourtProceedings, referredAt: Date, db: EntityManager): Promise<{ form: ReferralForm; card: ContactCard }> {
    const card = await this.cases.contactCard(proceedings.caseId);
    const agreement = await this.agreements.find(proceedings.caseId, db);
    const hearings = await this.messages.upcomingHearings(proceedings.id, db);
    const applications = await db.find(SpecialMeasuresApplication, { where: { proceedingsId: proceedings.id }, order: { createdAt: 'ASC' } });
    const channels = agreement?.channels ?? [];
    const safeTimes = channels
      .map((channel) => {
        const window = windowFor(agreement, channel);
        return window ? `${CHANNEL_NAMES[channel]}: ${describeWindow(window)}` : null;
      })
      .filter((line): line is string => line !== null);
    const { lead, spoc } = card;
    const form: ReferralForm = {
      referredOn: formatLondonDate(referredAt),
      reference: formatCaseReference(card.case.reference),
      witness: { name: card.victim.name, phone: displayPhone(card.victim.phone) ?? null, email: card.victim.email, address: card.victim.address },
      contact: {
        preferred: channels[0] ? CHANNEL_NAMES[channels[0]] : 'No agreed way yet: ask the named contact',
        otherChannels: channels.slice(1).map((c) => CHANNEL_NAMES[c]).join(', '),
        safeTimes: safeTimes.length ? safeTimes.join('\n') : 'Any time',
        discreet: agreement?.discreet ?? false,
        voicemailSafe: agreement?.voicemailSafe ?? false,
      },
      consentGivenOn: proceedings.consentRecordedAt ? formatLondonDate(proceedings.consentRecordedAt) : 'Not recorded',
      lead: { name: lead.name, phone: lead.phone, email: lead.email },
      spoc: spoc ? { name: spoc.name, phone: displayPhone(spoc.phone) ?? null, email: spoc.email } : null,
      court: {
        name: proceedings.court,
        kind: proceedings.kind === 'criminal' ? 'Criminal' : 'Civil',
        hearings: hearings.map((h) => {
          const description = h.descriptionEnc ? ` (${this.cipher.open(h.descriptionEnc)})` : '';
          return `${formatLondonDate(h.at)} at ${londonTime(h.at)}${description}`;
        }),
      },
      witnessCategory: witnessCategory(card.case.vulnerable, applications),
      needs: this.cipher.openOptional(proceedings.needsEnc),
      specialMeasures: applications.map((a) => {
        const decided = a.decidedAt ? ` on ${formatLondonDate(a.decidedAt)}` : '';
        return `${a.measures.map((m) => MEASURE_NAMES[m]).join(', ')} (${a.witnessCategory} witness): ${a.outcome}${decided}`;
      }),
    };
    return { form, card };
  }
}

function witnessCategory(vulnerable: boolean, applications: SpecialMeasuresApplication[]): string {
  const categories = new Set(applications.map((a) => a.witnessCategory));
  if (vulnerable) categories.add('vulnerable');
  if (categories.size === 0) return 'Not recorded as vulnerable or intimidated';
  const named = [...categories].sort((a, b) => b.localeCompare(a)).map((c) => c[0].toUpperCase() + c.slice(1)).join(' and ');
  return vulnerable ? `${named} (assessed as vulnerable on the case)` : named;
}
