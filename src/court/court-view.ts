import type { EntityManager } from 'typeorm';
import { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import { CourtHearing, CourtProceedings } from './proceedings.entity.js';
import { SpecialMeasuresApplication } from './special-measures.entity.js';
import type { CourtRepository, ReferralRow } from './court.repository.js';

export function applicationView(a: SpecialMeasuresApplication) {
  return {
    id: a.id,
    proceedingsId: a.proceedingsId,
    measures: a.measures,
    witnessCategory: a.witnessCategory,
    outcome: a.outcome,
    decidedAt: a.decidedAt,
    recordedBy: a.recordedBy,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

function referralView(r: ReferralRow) {
  return {
    id: r.id,
    status: r.status,
    dueBy: r.dueBy,
    attempts: r.attempts,
    sentAt: r.sentAt,
    providerMessageId: r.providerMessageId,
    failureReason: r.failureReason,
    contactId: r.contactId,
  };
}

/** A case's proceedings (or some of them), with hearings, special measures and the referral (attempts: its contact's). */
export async function proceedingsViews(db: EntityManager, repository: CourtRepository, cipher: PersonalDataCipher, caseId: string, ids?: string[]) {
  const where = ids ? ids.map((id) => ({ id, caseId })) : { caseId };
  const found = await db.find(CourtProceedings, { where, order: { createdAt: 'ASC' } });
  const hearings = await db.find(CourtHearing, { where: { caseId }, order: { at: 'ASC' } });
  const applications = await db.find(SpecialMeasuresApplication, { where: { caseId }, order: { createdAt: 'ASC' } });
  const referrals = await repository.referralsOfCase(caseId, db);
  return found.map((p) => {
    const referral = referrals.find((r) => r.proceedingsId === p.id);
    return {
      id: p.id,
      caseId: p.caseId,
      kind: p.kind,
      court: p.court,
      hearings: hearings
        .filter((h) => h.proceedingsId === p.id)
        .map((h) => ({ id: h.id, at: h.at, description: cipher.openOptional(h.descriptionEnc) })),
      witnessServiceConsent: p.witnessServiceConsent === null ? null : { given: p.witnessServiceConsent, recordedAt: p.consentRecordedAt },
      needs: cipher.openOptional(p.needsEnc),
      witnessService: { offeredAt: p.witnessServiceOfferedAt, referral: referral ? referralView(referral) : null },
      specialMeasuresTaskId: p.specialMeasuresTaskId,
      specialMeasures: applications.filter((a) => a.proceedingsId === p.id).map(applicationView),
      recordedBy: p.recordedBy,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  });
}
