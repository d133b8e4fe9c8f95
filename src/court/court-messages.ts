import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { formatLondonDate, LONDON } from '../calendar/working-days.js';
import { ClockService } from '../clock/clock.service.js';
import type { Contact } from '../contacts/contact.entity.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { Settings } from '../settings/settings.js';
import { CourtRepository } from './court.repository.js';
import type { CourtHearing, CourtProceedings } from './proceedings.entity.js';
import type { SpecialMeasure, SpecialMeasuresApplication } from './special-measures.entity.js';

/** How each measure is described to the victim (templates/README.md: short phrases, no full stop). */
export const MEASURE_WORDS: Record<SpecialMeasure, string> = {
  screens: 'a screen, so you do not see the other person',
  live_link: 'giving evidence by video link from another room',
  evidence_in_private: 'the public being asked to leave the courtroom while you give evidence',
  removal_of_wigs_and_gowns: 'the judge and lawyers taking off their wigs and gowns',
  video_recorded_evidence: 'a video of your interview with the police being played as your main evidence',
  intermediary: 'an intermediary, a trained person who helps you understand the questions and be understood',
  communication_aids: 'communication aids, such as an alphabet board or a picture board',
};

export const londonTime = (at: Date): string => DateTime.fromJSDate(at, { zone: LONDON }).toFormat('HH:mm');

/** The victim's messages about their court case: hearing dates, special measures, the Witness Service. */
@Injectable()
export class CourtMessages {
  constructor(
    private readonly planner: ContactPlanner,
    private readonly repository: CourtRepository,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /** Hearings still to come, soonest first. */
  async upcomingHearings(proceedingsId: string, db: EntityManager): Promise<CourtHearing[]> {
    return this.repository.upcomingHearings(proceedingsId, this.clock.now(), db);
  }

  /** The court and every hearing still to come, at the victim's next safe time. */
  async hearingDates(proceedings: CourtProceedings, db: EntityManager): Promise<Contact | null> {
    const hearings = await this.upcomingHearings(proceedings.id, db);
    if (hearings.length === 0) return null;
    const court = {
      name: proceedings.court,
      kind: proceedings.kind,
      hearings: hearings.map((h) => ({
        date: formatLondonDate(h.at),
        time: londonTime(h.at),
        ...(h.descriptionEnc ? { description: this.cipher.open(h.descriptionEnc) } : {}),
      })),
    };
    return this.plan(proceedings.caseId, 'court_hearing', { court }, db);
  }

  /** What was applied for and what the court decided (or that it has not decided yet). */
  async specialMeasures(application: SpecialMeasuresApplication, db: EntityManager): Promise<Contact | null> {
    const [next] = await this.upcomingHearings(application.proceedingsId, db);
    const specialMeasures = {
      measures: application.measures.map((m) => MEASURE_WORDS[m]),
      outcome: application.outcome,
      ...(next ? { hearingDate: formatLondonDate(next.at) } : {}),
    };
    return this.plan(application.caseId, 'special_measures', { specialMeasures }, db);
  }

  /** We have referred them (`referred`), or we can if they would like. */
  async witnessService(proceedings: CourtProceedings, referred: boolean, db: EntityManager, after?: Date): Promise<Contact | null> {
    const [next] = await this.upcomingHearings(proceedings.id, db);
    const witnessService = {
      referred,
      phone: this.settings.witnessService.phone,
      court: proceedings.court,
      ...(next ? { hearingDate: formatLondonDate(next.at) } : {}),
    };
    return this.plan(proceedings.caseId, 'witness_service_referral', { witnessService }, db, after);
  }

  /** On the agreed channel; before an agreement is recorded, the SPOC is told instead (see planMessage). */
  private async plan(caseId: string, purpose: string, data: Record<string, unknown>, db: EntityManager, after?: Date): Promise<Contact | null> {
    return this.planner.planMessage(caseId, purpose, data, db, { after });
  }
}
