import { Inject, Injectable } from '@nestjs/common';
import { addWorkingDays, type BankHolidayChanges, isWorkingDay, parseCloseOfBusiness, responseDeadline, useBankHolidayChanges } from './working-days.js';

export interface SlaPolicy {
  /** "HH:mm", London time. */
  closeOfBusiness: string;
  /** EXTRA_BANK_HOLIDAYS and REMOVED_BANK_HOLIDAYS, already checked by loadSettings. */
  bankHolidays?: BankHolidayChanges;
  highRiskWorkingDays: number;
  standardWorkingDays: number;
}

export const SLA_POLICY = Symbol('SLA_POLICY');

export type SlaRiskLevel = 'standard' | 'medium' | 'high';

/** The SLA clock: when a complaint counts as received and when the response is due. */
@Injectable()
export class CalendarService {
  constructor(@Inject(SLA_POLICY) private readonly policy: SlaPolicy) {
    // Fail at start-up rather than on the first complaint.
    parseCloseOfBusiness(policy.closeOfBusiness);
    // One calendar for the process: every working-day count (SLA, Case Review, reviews) uses these days.
    useBankHolidayChanges(policy.bankHolidays ?? { extra: [], removed: [] });
    for (const days of [policy.highRiskWorkingDays, policy.standardWorkingDays]) {
      if (!Number.isInteger(days) || days < 0) throw new Error(`SLA working days must be a non-negative integer, got ${days}`);
    }
  }

  responseDeadline(receivedAt: Date, riskLevel: SlaRiskLevel): { receivedOn: string; dueOn: string; dueAt: Date } {
    const days = riskLevel === 'high' ? this.policy.highRiskWorkingDays : this.policy.standardWorkingDays;
    return responseDeadline(receivedAt, days, this.policy.closeOfBusiness);
  }

  isWorkingDay(isoDate: string): boolean {
    return isWorkingDay(isoDate);
  }

  addWorkingDays(isoDate: string, n: number): string {
    return addWorkingDays(isoDate, n);
  }
}
