import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { generateApiKey, hashApiKey } from '../auth/api-key.js';
import { toE164 } from '../contact-details/contact-details.js';
import { InputError } from '../http/input-error.js';
import { splitRank } from './names.js';
import { Officer } from './officer.entity.js';
import { Organisation } from './organisation.entity.js';
import { PartnershipRepository } from './partnership.repository.js';
import type { CreateOfficerDto, CreateOrganisationDto, UpdateOrganisationDto } from './partnership.dto.js';

/** The organisation's fields an admin may change (never its id or code). */
const CHANGEABLE = ['name', 'phone', 'email', 'website', 'address', 'smsSender', 'discreetName', 'discreetSmsSender'] as const;

/** The fields of a change that were sent (null included: it clears the field). */
export function sentChanges(dto: UpdateOrganisationDto): Partial<Organisation> {
  return Object.fromEntries(CHANGEABLE.filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]]));
}

/** The organisation as it would be after the change, for checks made before writing (the discreet check). */
export const withChanges = (organisation: Organisation, dto: UpdateOrganisationDto): Organisation => ({ ...organisation, ...sentChanges(dto) });

export type OfficerWithKey = Officer & { apiKey: string };

/** The partner organisations and their staff; the only place API keys are issued. */
@Injectable()
export class PartnershipService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly repository: PartnershipRepository,
  ) {}

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

  /**
   * Changes the fields sent (null clears an optional one) and returns the organisation as it is now.
   * 404 for no such organisation. Audited as `organisation_changed`, naming the fields changed.
   */
  async updateOrganisation(id: string, dto: UpdateOrganisationDto, caller: Caller): Promise<Organisation> {
    return this.db.transaction(async (db) => {
      const found = await this.repository.lockOrganisation(id, db);
      if (!found) throw new NotFoundException('No organisation with this id');
      const changes = sentChanges(dto);
      const fields = Object.keys(changes);
      if (fields.length === 0) return found;
      await db.update(Organisation, { id }, changes);
      await this.audit.record(caller, 'organisation_changed', { fields, detail: { organisationId: id } }, db);
      return db.findOneByOrFail(Organisation, { id });
    });
  }

  /** A new key for an officer, shown this once (only its hash is kept). */
  async issueKey(officerId: string, db: EntityManager = this.db.manager): Promise<string> {
    const apiKey = generateApiKey();
    await db.save(db.create(ApiKey, { officerId, keyHash: hashApiKey(apiKey), prefix: apiKey.slice(0, 10) }));
    return apiKey;
  }

  /** Every key the officer holds stops working now. */
  async revokeKeys(officerId: string, at: Date, db: EntityManager): Promise<void> {
    await this.repository.revokeAllKeys(officerId, at, db);
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
    return ids.length ? this.repository.officersByIds(ids) : Promise.resolve([]);
  }

  findOrganisations(ids: string[]): Promise<Organisation[]> {
    return ids.length ? this.repository.organisationsByIds(ids) : Promise.resolve([]);
  }

  /** Whether the organisation has an active case officer or supervisor: someone who can be a case's SPOC. */
  async hasActiveCaseOfficers(organisationId: string, db: EntityManager = this.db.manager): Promise<boolean> {
    return this.repository.hasActiveCaseOfficers(organisationId, db);
  }

  /** Runs `work` once across every instance: the first caller holds a transaction-scoped lock. */
  async withSetupLock<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (db) => {
      await this.repository.takeSetupLock(db);
      return work(db);
    });
  }
}
