import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { officerFullName } from './names.js';
import { Officer } from './officer.entity.js';
import { PartnershipRepository } from './partnership.repository.js';
import { PartnershipService } from './partnership.service.js';

export interface FirstRunResult {
  adminKey: string;
  demoOfficers: { name: string; role: string; organisation: string; apiKey: string }[];
}

/** The demonstration partnership created for the training sandbox. Fictional throughout. */
const DEMO_PARTNERSHIP = [
  {
    organisation: { name: 'Shireshire Police', code: 'SPOL', phone: '101', email: 'asb@shireshire.police.example', website: 'https://shireshire.police.example', address: ['Police Headquarters', 'Wootton Road', 'Northampton', 'NN4 0JQ'] },
    officers: [
      { rank: 'PC', name: 'Alex Morgan', role: 'officer', email: 'alex.morgan@shireshire.police.example', phone: '01604 888111' },
      { rank: 'Sgt', name: 'Priya Shah', role: 'supervisor', email: 'priya.shah@shireshire.police.example', phone: '01604 888112' },
      { name: 'Dana Whitfield', role: 'comms', email: 'dana.whitfield@shireshire.police.example', phone: '01604 888113' },
    ],
  },
  {
    organisation: { name: 'Northtown Borough Council', code: 'NBC', phone: '0300 330 7000', email: 'asb@northtown.example', website: 'https://www.northtown.example', address: ['The Guildhall', 'St Giles Square', 'Northampton', 'NN1 1DE'] },
    officers: [
      { name: 'Jordan Ellis', role: 'officer', email: 'jordan.ellis@northtown.example', phone: '0300 330 7001' },
      { name: 'Chris Taylor', role: 'comms', email: 'chris.taylor@northtown.example', phone: '0300 330 7002' },
    ],
  },
  {
    organisation: { name: 'Southvale District Council', code: 'SDC', phone: '01327 871100', email: 'asb@southvale.example', website: 'https://www.southvale.example', address: ['Council Offices', 'Lodge Road', 'Daventry', 'NN11 4FP'] },
    officers: [{ name: 'Morgan Price', role: 'officer', email: 'morgan.price@southvale.example', phone: '01327 871101' }],
  },
  {
    organisation: { name: 'Riverside Homes', code: 'RVH', phone: '0345 678 9000', email: 'asb@riversidehomes.example', website: 'https://www.riversidehomes.example', address: ['1 Riverside Way', 'Northampton', 'NN1 5NX'] },
    officers: [{ name: 'Sam Okafor', role: 'officer', email: 'sam.okafor@riversidehomes.example', phone: '0345 678 9001' }],
  },
] as const;

/** The training people (not the administrator), by their e-mail addresses. */
export const TRAINING_OFFICER_EMAILS: readonly string[] = DEMO_PARTNERSHIP.flatMap((partner) => partner.officers.map((officer) => officer.email));

/**
 * On the first start against an empty database: the partnership's admin, and in training
 * mode the demonstration partnership. Never again after that, on any instance.
 */
@Injectable()
export class FirstRunService {
  constructor(
    private readonly partnership: PartnershipService,
    private readonly repository: PartnershipRepository,
  ) {}

  async setUp(options: { training: boolean }): Promise<FirstRunResult | null> {
    return this.partnership.withSetupLock(async (db) => {
      if ((await db.count(Officer)) > 0) return null;
      const csp = await this.partnership.createOrganisation(
        { name: 'Community Safety Partnership', code: 'CSP' },
        db,
      );
      const admin = await this.partnership.createOfficer(
        { name: 'Partnership administrator', organisationId: csp.id, role: 'admin', email: 'admin@csp.example' },
        db,
      );
      const demoOfficers = options.training ? await this.createDemoPartnership(db) : [];
      return { adminKey: admin.apiKey, demoOfficers };
    });
  }

  private async createDemoPartnership(db: EntityManager): Promise<FirstRunResult['demoOfficers']> {
    const created: FirstRunResult['demoOfficers'] = [];
    for (const partner of DEMO_PARTNERSHIP) {
      const organisation = await this.partnership.createOrganisation({ ...partner.organisation, address: [...partner.organisation.address] }, db);
      for (const person of partner.officers) {
        const officer = await this.partnership.createOfficer({ ...person, organisationId: organisation.id }, db);
        created.push({ name: officerFullName(officer), role: officer.role, organisation: organisation.code, apiKey: officer.apiKey });
      }
    }
    // Two neighbourhoods for the comms team to practise bulletins on (community/ owns them; this is seed data).
    await this.repository.seedDemoNeighbourhoods(db);
    return created;
  }
}
