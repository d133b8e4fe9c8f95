import { phoneHash } from '../contact-details/contact-hashes.js';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AgreementsService } from '../contacts/agreements.service.js';
import { ContactPlanner } from '../contacts/contact-planner.js';
import { ClockService } from '../clock/clock.service.js';
import { isYes, SUBSCRIBED_BY_SMS, UNSUBSCRIBED_BY_SMS } from '../community/subscribers/subscriber-sms-replies.js';
import { SubscribersRepository } from '../community/subscribers/subscribers.repository.js';
import { toE164 } from '../contact-details/contact-details.js';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { SurveyAnswers } from '../surveys/survey-answers.js';
import { OfficerTasks } from '../tasks/officer-tasks.service.js';
import { InboundSmsRepository } from './inbound-sms.repository.js';
import { HELP_REPLY, OPTED_IN_REPLY, smsKeyword } from './sms-keywords.js';

const STOPPED = 'You will not get any more texts from us about this. Your officer will keep in touch with you another way.';
const SURVEY_THANKS = 'Thank you for your answer. It helps us improve how we deal with reports like yours.';
/** A survey answer by text: one digit from 1 to 5, perhaps with spaces or punctuation ("4.", " 5 "). */
const SURVEY_DIGIT = /^[\s\p{P}]*([1-5])[\s\p{P}]*$/u;

/**
 * A victim's text: STOP takes SMS out of the agreement of every case with that number (confirmed
 * once) and tells each case's SPOC;
 * a digit 1–5 answers a survey sent to them by text (thanked once); anything else is kept,
 * encrypted, on their case and the SPOC is asked to read it.
 * Neighbourhood news subscribers: YES confirms a pending text subscription (and goes no further);
 * STOP also ends their subscription.
 */
@Injectable()
export class InboundSms {
  private readonly logger = new Logger(InboundSms.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: InboundSmsRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly agreements: AgreementsService,
    private readonly planner: ContactPlanner,
    private readonly tasks: OfficerTasks,
    private readonly cipher: PersonalDataCipher,
    private readonly clock: ClockService,
    private readonly surveyAnswers: SurveyAnswers,
  ) {}

  /** Returns the text to reply with, if any. */
  async receive(from: string, body: string, messageSid?: string): Promise<string | null> {
    const phone = toE164(from);
    const fromHash = phoneHash(this.cipher, phone ?? from);
    const now = this.clock.now();
    const keyword = smsKeyword(body);
    const stop = keyword === 'opt_out';
    const digit = SURVEY_DIGIT.exec(body)?.[1];
    if (isYes(body) && (await this.subscribers.confirmSmsByPhoneHash(fromHash, now, this.db.manager))) return SUBSCRIBED_BY_SMS;
    if (keyword === 'help') return HELP_REPLY;
    const unsubscribed = stop && (await this.subscribers.stopSmsByPhoneHash(fromHash, now, this.db.manager));
    const outcome = await this.db.transaction(async (db) => {
      // A closure survey arrives after the case is closed, so it is looked for on any case.
      const survey = digit ? await this.surveyAnswers.pendingBySms(fromHash, db) : null;
      const found: { id: string; spoc_officer_id?: string | null } | undefined = survey ? { id: survey.caseId } : await this.repository.latestOpenCase(fromHash, db);
      const inserted = await this.repository.insertMessage(found?.id ?? null, fromHash, this.cipher.seal(body), messageSid ?? null, now, db);
      if (!inserted) return { caseId: found?.id ?? null, withdrawnFrom: [] as string[], duplicate: true };
      if (stop) {
        // The STOP and the re-plan off SMS are one transaction: no text is claimed in between.
        const withdrawnFrom = await this.withdrawSmsEverywhere(fromHash, now, db);
        for (const caseId of withdrawnFrom) await this.planner.replan(caseId, db);
        return { caseId: found?.id ?? null, withdrawnFrom, duplicate: false };
      }
      if (!found) return { caseId: null, withdrawnFrom: [] as string[], duplicate: false };
      if (survey) {
        const answered = await this.surveyAnswers.record(survey, { overall: Number(digit) }, 'sms', null, db);
        return { caseId: survey.caseId, withdrawnFrom: [] as string[], duplicate: false, answered };
      }
      await this.tasks.create({
        caseId: found.id, officerId: found.spoc_officer_id ?? null, kind: 'read_reply', dueAt: now,
        briefing: { purpose: 'sms_reply', whatToCover: `The victim replied by text: "${body.slice(0, 500)}"` },
      }, db);
      return { caseId: found.id as string, withdrawnFrom: [] as string[], duplicate: false };
    });
    if (!outcome.caseId && !outcome.withdrawnFrom.length) this.logger.log('A text arrived from a number with no open case');
    if ('answered' in outcome && outcome.answered) return SURVEY_THANKS;
    if (stop && outcome.withdrawnFrom.length > 0) return STOPPED;
    if (keyword === 'opt_in') return OPTED_IN_REPLY;
    return unsubscribed ? UNSUBSCRIBED_BY_SMS : null;
  }

  /**
   * STOP applies to the number, not to one case (issue 10): SMS is taken out of the contact
   * agreement of every case whose victim has this number (matched by keyed hash: two victims
   * sharing a phone, or one victim with several cases), and the SPOC of each case whose agreement
   * changed gets one `sms_opt_out` task. A repeated STOP changes nothing and makes no task. The
   * cases are locked first, in one order, so two STOPs at once cannot both withdraw.
   */
  private async withdrawSmsEverywhere(fromHash: string, now: Date, db: EntityManager): Promise<string[]> {
    const cases = await this.repository.lockCasesOfPhone(fromHash, db);
    const withdrawn: string[] = [];
    for (const c of cases) {
      if (!(await this.agreements.withdrawSms(c.id, db))) continue;
      withdrawn.push(c.id);
      await this.tasks.create({
        caseId: c.id, officerId: c.spoc_officer_id, kind: 'read_reply', dueAt: now,
        briefing: { purpose: 'sms_opt_out', whatToCover: 'The victim replied STOP: texts have been taken out of their contact agreement. Agree another way to keep in touch.' },
      }, db);
    }
    return withdrawn;
  }
}
