import type { Officer } from '../partnership/officer.entity.js';
import type { Organisation } from '../partnership/organisation.entity.js';
import type { PersonalDataCipher } from '../privacy/personal-data-cipher.js';
import type { RiskAssessment } from '../risk/risk-assessment.entity.js';
import type { CaseEvent } from './case-event.entity.js';
import type { CaseShare } from './case-share.entity.js';
import type { Case } from './case.entity.js';
import type { Incident } from './incident.entity.js';
import type { Victim } from './victim.entity.js';

/** What every list shows: no personal data, so lists need no audit entry. */
export function caseSummary(c: Case, now: Date, spoc?: Officer | null) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    victimId: c.victimId,
    leadOrganisationId: c.leadOrganisationId,
    spocOfficerId: c.spocOfficerId,
    spocName: spoc?.name ?? null,
    riskLevel: c.riskLevel,
    vulnerable: c.vulnerable,
    repeatVictim: c.repeatVictim,
    reportedAt: c.reportedAt,
    receivedOn: c.receivedOn,
    responseDueAt: c.responseDueAt,
    respondedAt: c.respondedAt,
    overdue: !c.respondedAt && c.responseDueAt.getTime() < now.getTime(),
    /** Since when an agreed update is late (a holding update went instead); for supervisors. */
    updateOverdueSince: c.updateOverdueSince,
    /** False until the victim's contact agreement is recorded: nothing goes to them before. */
    contactAgreed: c.contactAgreedAt !== null,
    contactProblem: c.contactProblem ? { reason: c.contactProblem, since: c.contactProblemAt } : null,
    linkedCaseId: c.linkedCaseId,
    closedAt: c.closedAt,
  };
}

export function organisationContact(o: Organisation) {
  return { id: o.id, name: o.name, code: o.code, phone: o.phone, email: o.email, website: o.website, address: o.address };
}

export function spocContact(o: Officer) {
  return { id: o.id, name: o.name, email: o.email, phone: o.phone };
}

/** The whole case, victim data decrypted: only built for a caller whose read is audited. */
export function caseDetail(
  parts: {
    c: Case;
    victim: Victim;
    incidents: Incident[];
    assessments: RiskAssessment[];
    history: CaseEvent[];
    shares: CaseShare[];
    lead: Organisation;
    spoc: Officer | null;
  },
  cipher: PersonalDataCipher,
  now: Date,
) {
  const { c, victim } = parts;
  const latest = parts.assessments[parts.assessments.length - 1];
  return {
    ...caseSummary(c, now, parts.spoc),
    leadOrganisation: organisationContact(parts.lead),
    spoc: parts.spoc ? spocContact(parts.spoc) : null,
    victim: {
      name: cipher.openOptional(victim.nameEnc),
      preferredName: cipher.openOptional(victim.preferredNameEnc),
      phone: cipher.openOptional(victim.phoneEnc),
      email: cipher.openOptional(victim.emailEnc),
      address: victim.addressEnc ? cipher.openJson<string[]>(victim.addressEnc) : null,
      dateOfBirth: cipher.openOptional(victim.dateOfBirthEnc),
    },
    incidents: parts.incidents.map((i) => ({
      id: i.id,
      description: cipher.openOptional(i.descriptionEnc),
      category: i.category,
      hateMotivated: i.hateMotivated,
      postcode: cipher.openOptional(i.postcodeEnc),
      occurredAt: i.occurredAt,
      reportedAt: i.reportedAt,
    })),
    riskAssessment: latest ? assessmentView(latest, cipher) : null,
    sharedWith: parts.shares.map((s) => ({ organisationId: s.organisationId, sharedAt: s.sharedAt })),
    history: parts.history.map((e) => ({ type: e.type, at: e.at, officerId: e.officerId, detail: e.detail })),
    createdAt: c.createdAt,
  };
}

export function assessmentView(a: RiskAssessment, cipher: PersonalDataCipher) {
  return {
    id: a.id,
    level: a.level,
    score: a.score,
    vulnerable: a.vulnerable,
    answers: a.answersEnc ? cipher.openJson<Record<string, boolean>>(a.answersEnc) : null,
    questionnaireVersion: a.questionnaireVersion,
    assessedBy: a.assessedBy,
    assessedAt: a.assessedAt,
  };
}
