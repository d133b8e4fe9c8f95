import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { ClockService } from '../clock/clock.service.js';
import { ConsoleAccounts } from '../console/accounts.service.js';
import { Officer } from '../partnership/officer.entity.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { TRAINING_OFFICER_EMAILS } from '../partnership/first-run.service.js';
import { AdminRepository } from './admin.repository.js';

export interface IssuedKey {
  name: string;
  role: string;
  organisation: string;
  apiKey: string;
}

/**
 * Getting back in: keys issued from the command line, by someone who can already reach the
 * database. Each issue is in the audit log, by the officer the key is for.
 */
export class AdminKeys {
  private readonly db: DataSource;
  private readonly repository: AdminRepository;
  private readonly partnership: PartnershipService;
  private readonly audit: AuditService;
  private readonly clock: ClockService;
  private readonly accounts: ConsoleAccounts;

  constructor(app: INestApplication) {
    this.db = app.get(DataSource);
    this.repository = new AdminRepository(this.db);
    this.partnership = app.get(PartnershipService, { strict: false });
    this.audit = app.get(AuditService, { strict: false });
    this.clock = app.get(ClockService, { strict: false });
    this.accounts = app.get(ConsoleAccounts, { strict: false });
  }

  /** A further key for the partnership's first active administrator; earlier keys still work. */
  async newAdminKey(): Promise<IssuedKey> {
    return this.db.transaction(async (db) => {
      const admin = await db.findOne(Officer, { where: { role: 'admin', active: true }, order: { createdAt: 'ASC' } });
      if (!admin) throw new Error('There is no active administrator in this database: start the service once to create one');
      return this.issue(admin, false, db);
    });
  }

  /**
   * A one-time link for an active officer (by e-mail address) to set their console password,
   * issued in the name of the first active administrator (audited as `password_link_issued`).
   */
  async passwordLink(email: string) {
    const admin = await this.db.manager.findOne(Officer, { where: { role: 'admin', active: true }, order: { createdAt: 'ASC' } });
    if (!admin) throw new Error('There is no active administrator in this database: start the service once to create one');
    const officer = await this.repository.activeOfficerByEmail(email);
    if (!officer) throw new Error(`There is no active officer with the e-mail address ${email}`);
    return this.accounts.issueLink(officer.id, { officerId: admin.id, organisationId: admin.organisationId, role: admin.role });
  }

  /** Training mode: every training person's keys are revoked and a fresh one issued. */
  async newTrainingKeys(): Promise<IssuedKey[]> {
    return this.db.transaction(async (db) => {
      const officers = await this.repository.activeOfficersByEmails(TRAINING_OFFICER_EMAILS, db);
      if (officers.length === 0) throw new Error('There are no training people in this database');
      const issued: IssuedKey[] = [];
      for (const officer of officers) issued.push(await this.issue(officer, true, db));
      return issued;
    });
  }

  private async issue(officer: Officer, revokeEarlier: boolean, db: DataSource['manager']): Promise<IssuedKey> {
    if (revokeEarlier) await this.partnership.revokeKeys(officer.id, this.clock.now(), db);
    const apiKey = await this.partnership.issueKey(officer.id, db);
    await this.audit.record({ officerId: officer.id, organisationId: officer.organisationId, role: officer.role }, 'api_key_issued', { fields: ['api_key'] }, db);
    const organisation = await this.repository.organisationCode(officer.organisationId, db);
    return { name: officer.name, role: officer.role, organisation, apiKey };
  }
}
