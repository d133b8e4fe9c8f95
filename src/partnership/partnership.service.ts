import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ApiKey } from '../auth/api-key.entity.js';
import { generateApiKey, hashApiKey } from '../auth/api-key.js';
import { toE164 } from '../contact-details/contact-details.js';
import { InputError } from '../http/input-error.js';
import { splitRank } from './names.js';
import { Officer } from './officer.entity.js';
import { Organisation } from './organisation.entity.js';
import type { CreateOfficerDto, CreateOrganisationDto } from './partnership.dto.js';

export type OfficerWithKey = Officer & { apiKey: string };

/** The partner organisations and their staff; the only place API keys are issued. */
@Injectable()
export class PartnershipService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createOrganisation(dto: Omit<CreateOrganisationDto, 'phone'> & { phone?: string }, db: EntityManager = this.db.manager): Promise<Organisation> {
    const taken = await db.existsBy(Organisation, { code: dto.code });
    if (taken) throw new ConflictException(`An organisation with code ${dto.code} already exists`);
    return db.save(
      db.create(Organisation, {
        name: dto.name,
        code: dto.code,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        website: dto.website ?? null,
        address: dto.address ?? null,
        smsSender: dto.smsSender ?? null,
        discreetName: dto.discreetName ?? null,
        discreetSmsSender: dto.discreetSmsSender ?? null,
      }),
    );
  }

  async createOfficer(dto: CreateOfficerDto, db: EntityManager = this.db.manager): Promise<OfficerWithKey> {
    const organisation = await db.existsBy(Organisation, { id: dto.organisationId });
    if (!organisation) throw InputError.of('organisationId', 'exists', 'organisationId does not name an organisation');
    // A rank typed into the name ("PC Alex Morgan") is kept apart, so discreet messages can leave it out.
    const split = splitRank(dto.name);
    const officer = await db.save(
      db.create(Officer, {
        rank: dto.rank?.trim() || split.rank,
        name: split.name,
        organisationId: dto.organisationId,
        role: dto.role,
        email: dto.email.toLowerCase(),
        phone: dto.phone ? toE164(dto.phone) : null,
      }),
    );
    return Object.assign(officer, { apiKey: await this.issueKey(officer.id, db) });
  }

  /** A new key for an officer, shown this once (only its hash is kept). */
  async issueKey(officerId: string, db: EntityManager = this.db.manager): Promise<string> {
    const apiKey = generateApiKey();
    await db.save(db.create(ApiKey, { officerId, keyHash: hashApiKey(apiKey), prefix: apiKey.slice(0, 10) }));
    return apiKey;
  }

  /** Every key the officer holds stops working now. */
  async revokeKeys(officerId: string, at: Date, db: EntityManager = this.db.manager): Promise<void> {
    await db.query('UPDATE api_keys SET revoked_at = $2 WHERE officer_id = $1 AND revoked_at IS NULL', [officerId, at]);
  }

  listOrganisations(): Promise<Organisation[]> {
    return this.db.manager.find(Organisation, { order: { name: 'ASC' } });
  }

  async getOrganisation(id: string): Promise<Organisation> {
    const found = await this.db.manager.findOneBy(Organisation, { id });
    if (!found) throw new NotFoundException('No organisation with this id');
    return found;
  }

  listOfficers(organisationId?: string): Promise<Officer[]> {
    return this.db.manager.find(Officer, { where: organisationId ? { organisationId } : {}, order: { name: 'ASC' } });
  }

  async getOfficer(id: string): Promise<Officer> {
    const found = await this.db.manager.findOneBy(Officer, { id });
    if (!found) throw new NotFoundException('No officer with this id');
    return found;
  }

  findOfficers(ids: string[]): Promise<Officer[]> {
    return ids.length ? this.db.manager.createQueryBuilder(Officer, 'o').where('o.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  findOrganisations(ids: string[]): Promise<Organisation[]> {
    return ids.length
      ? this.db.manager.createQueryBuilder(Organisation, 'o').where('o.id IN (:...ids)', { ids }).getMany()
      : Promise.resolve([]);
  }

  /** Whether the organisation has an active case officer or supervisor: someone who can be a case's SPOC. */
  async hasActiveCaseOfficers(organisationId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    const [row] = await db.query(
      `SELECT EXISTS (SELECT 1 FROM officers WHERE organisation_id = $1 AND active AND role IN ('officer', 'supervisor')) AS staffed`,
      [organisationId],
    );
    return Boolean(row?.staffed);
  }

  /** Runs `work` once across every instance: the first caller holds a transaction-scoped lock. */
  async withSetupLock<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (db) => {
      await db.query(`SELECT pg_advisory_xact_lock(hashtext('asb:first-run'))`);
      return work(db);
    });
  }
}
