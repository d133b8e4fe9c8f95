import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Caller } from '../auth/access.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { generateApiKey, hashApiKey } from '../auth/api-key.js';
import { ClockService } from '../clock/clock.service.js';
import { splitRank } from './names.js';
import { Officer } from './officer.entity.js';
import type { ChangeOfficerDto } from './partnership.dto.js';
import { PartnershipRepository } from './partnership.repository.js';

/** An API key as listed: never the key or its hash, only the prefix that identifies it. */
export interface ApiKeyView {
  id: string;
  officerId: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const keyView = (k: ApiKey): ApiKeyView => ({ id: k.id, officerId: k.officerId, prefix: k.prefix, createdAt: k.createdAt, revokedAt: k.revokedAt });

/**
 * Who may call the API (issue 10): admins deactivate officers and issue and revoke their keys;
 * every change is in the audit log (`officer_deactivated`, `api_key_issued`, `api_key_revoked`,
 * with ids only). The API key guard reads keys and officers from the database on every request,
 * so a revoked key or a deactivated officer is refused (401) at once, on every instance.
 * Errors: 404 for an unknown officer or key; 409 to issue a key to a deactivated officer, to
 * deactivate or demote the last active admin (the partnership would be locked out), or to take
 * the case roles from an officer who is still the SPOC of open cases.
 */
@Injectable()
export class OfficerAccess {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly repository: PartnershipRepository,
  ) {}

  /** The officer can no longer sign in with any key, and cannot be chosen as a SPOC. */
  async deactivate(officerId: string, caller: Caller): Promise<{ id: string; active: false; keysRevoked: number }> {
    return this.db.transaction(async (db) => {
      const officer = await this.lockedOfficer(db, officerId);
      if (officer.role === 'admin' && officer.active) await this.assertAnotherAdmin(db, officer.id, 'deactivating');
      await db.update(Officer, { id: officer.id }, { active: false });
      const revoked = await this.repository.revokeOfficerKeys(officer.id, this.clock.now(), db);
      if (officer.active) {
        await this.audit.record(caller, 'officer_deactivated', { fields: [], detail: { officerId: officer.id } }, db);
      }
      for (const key of revoked) {
        await this.audit.record(caller, 'api_key_revoked', { fields: [], detail: { officerId: officer.id, apiKeyId: key.id } }, db);
      }
      return { id: officer.id, active: false, keysRevoked: revoked.length };
    });
  }

  /**
   * Changes an officer's rank (null removes it), name (a rank typed into it is kept apart, as on
   * creation) or role; returns the officer as now. Audited as `officer_changed`, naming the fields.
   */
  async change(officerId: string, dto: ChangeOfficerDto, caller: Caller): Promise<Officer> {
    return this.db.transaction(async (db) => {
      const officer = await this.lockedOfficer(db, officerId);
      const changes: Partial<Pick<Officer, 'rank' | 'name' | 'role'>> = {};
      if (dto.name !== undefined) {
        const split = splitRank(dto.name);
        changes.name = split.name;
        if (split.rank && dto.rank === undefined) changes.rank = split.rank;
      }
      if (dto.rank !== undefined) changes.rank = dto.rank?.trim() || null;
      if (dto.role !== undefined && dto.role !== officer.role) {
        if (officer.role === 'admin' && officer.active) await this.assertAnotherAdmin(db, officer.id, 'changing the role of');
        if (dto.role !== 'officer' && dto.role !== 'supervisor') {
          const n = await this.repository.openCasesAsSpoc(officer.id, db);
          if (n > 0) throw new ConflictException(`The officer is the SPOC of ${n} open case${n === 1 ? '' : 's'}: give ${n === 1 ? 'it' : 'them'} another SPOC first`);
        }
        changes.role = dto.role;
      }
      const fields = Object.keys(changes).filter((f) => changes[f as keyof typeof changes] !== officer[f as keyof typeof changes]);
      if (fields.length === 0) return officer;
      await db.update(Officer, { id: officer.id }, changes);
      await this.audit.record(caller, 'officer_changed', { fields, detail: { officerId: officer.id } }, db);
      return db.findOneByOrFail(Officer, { id: officer.id });
    });
  }

  /** A new key for an active officer; the key itself is in this answer only (its SHA-256 is stored). */
  async issueKey(officerId: string, caller: Caller): Promise<ApiKeyView & { apiKey: string }> {
    return this.db.transaction(async (db) => {
      const officer = await this.lockedOfficer(db, officerId);
      if (!officer.active) throw new ConflictException('The officer is deactivated: a deactivated officer gets no API key');
      const apiKey = generateApiKey();
      const saved = await db.save(db.create(ApiKey, { officerId: officer.id, keyHash: hashApiKey(apiKey), prefix: apiKey.slice(0, 10) }));
      await this.audit.record(caller, 'api_key_issued', { fields: [], detail: { officerId: officer.id, apiKeyId: saved.id } }, db);
      return { ...keyView(saved), apiKey };
    });
  }

  async listKeys(officerId: string): Promise<ApiKeyView[]> {
    if (!(await this.db.manager.existsBy(Officer, { id: officerId }))) throw new NotFoundException('No officer with this id');
    const keys = await this.db.manager.find(ApiKey, { where: { officerId }, order: { createdAt: 'ASC' } });
    return keys.map(keyView);
  }

  /** Revokes one key; revoking a key already revoked changes nothing and is not an error. */
  async revokeKey(keyId: string, caller: Caller): Promise<ApiKeyView> {
    return this.db.transaction(async (db) => {
      const [revoked] = await this.repository.revokeKey(keyId, this.clock.now(), db);
      const key = await db.findOneBy(ApiKey, { id: keyId });
      if (!key) throw new NotFoundException('No API key with this id');
      if (revoked) await this.audit.record(caller, 'api_key_revoked', { fields: [], detail: { officerId: key.officerId, apiKeyId: key.id } }, db);
      return keyView(key);
    });
  }

  private async assertAnotherAdmin(db: EntityManager, officerId: string, doing: string): Promise<void> {
    const n = await this.repository.otherActiveAdmins(officerId, db);
    if (n === 0) throw new ConflictException(`This is the last active admin: make another admin before ${doing} this one`);
  }

  private async lockedOfficer(db: EntityManager, id: string): Promise<Officer> {
    const officer = await this.repository.lockOfficer(id, db);
    if (!officer) throw new NotFoundException('No officer with this id');
    return officer;
  }
}
