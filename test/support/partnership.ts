import type { TestService } from './test-service.js';

export interface Person {
  id: string;
  organisationId: string;
  apiKey: string;
}

export interface TestPartnership {
  police: { id: string };
  council: { id: string };
  policeOfficer: Person;
  policeOfficer2: Person;
  policeSupervisor: Person;
  councilOfficer: Person;
  councilSupervisor: Person;
  comms: Person;
}

/** Two partners with staff in every role, created through the admin API. */
export async function buildPartnership(service: TestService): Promise<TestPartnership> {
  const admin = `Bearer ${service.adminKey}`;
  const organisation = async (code: string, name: string) =>
    (await service.http().post('/v1/organisations').set('Authorization', admin).send({ code, name, phone: '101' }).expect(201)).body;
  const person = async (organisationId: string, role: string, name: string): Promise<Person> => {
    const body = { name, organisationId, role, email: `${name.replace(/\s/g, '.').toLowerCase()}@partner.example`, phone: '01604 888123' };
    return (await service.http().post('/v1/officers').set('Authorization', admin).send(body).expect(201)).body;
  };
  const police = await organisation('TPOL', 'Test Police');
  const council = await organisation('TCOUNCIL', 'Test Council');
  return {
    police,
    council,
    policeOfficer: await person(police.id, 'officer', 'Pat Officer'),
    policeOfficer2: await person(police.id, 'officer', 'Robin Officer'),
    policeSupervisor: await person(police.id, 'supervisor', 'Sandy Supervisor'),
    councilOfficer: await person(council.id, 'officer', 'Casey Council'),
    councilSupervisor: await person(council.id, 'supervisor', 'Drew Council'),
    comms: await person(council.id, 'comms', 'Kim Comms'),
  };
}

export const bearer = (p: { apiKey: string }) => `Bearer ${p.apiKey}`;

/** The safety fields every agreement must give, as a victim with no special needs would agree them. */
export const SAFETY = { discreet: false, lettersToHome: true, voicemailSafe: false, largePrint: false } as const;

/**
 * The contact agreement an officer would record for a victim happy to hear by any means their
 * details allow (what the old default agreement assumed): texts, email, letters, calls.
 */
export function agreementFor(victim: { phone?: string; email?: string; address?: string[] }): Record<string, unknown> | undefined {
  const mobile = Boolean(victim.phone && /^(\+?44\s*7|07)/.test(victim.phone.trim()));
  const channels = [
    ...(mobile ? ['sms'] : []),
    ...(victim.email ? ['email'] : []),
    ...(victim.address && victim.address.length >= 2 ? ['letter'] : []),
    ...(victim.phone ? ['phone'] : []),
  ];
  return channels.length ? { channels, ...SAFETY } : undefined;
}

/**
 * A complaint as an officer would log it, with the victim's contact agreement (give
 * `contactAgreement: undefined` to log one without); override any part.
 */
export function complaint(leadOrganisationId: string, overrides: Record<string, unknown> = {}) {
  const victim = (overrides.victim as Record<string, never> | undefined) ?? {
    name: 'Jane Doe', phone: '07911 123456', email: 'jane.doe@example.com', address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'],
  };
  const contactAgreement = 'contactAgreement' in overrides ? overrides.contactAgreement : agreementFor(victim);
  return {
    leadOrganisationId,
    victim,
    incident: {
      description: 'Youths kick a football against my front door every evening and shout abuse.',
      category: 'personal',
      hateMotivated: false,
      postcode: 'nn1 3ab',
    },
    riskAssessment: { answers: {} },
    ...overrides,
    ...(contactAgreement === undefined ? { contactAgreement: undefined } : { contactAgreement }),
  };
}
