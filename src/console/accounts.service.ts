import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import argon2 from 'argon2';
import type { Caller } from '../auth/access.js';
import { AuditService } from '../audit/audit.service.js';
import { ClockService } from '../clock/clock.service.js';
import type { Role } from '../partnership/officer.entity.js';
import { PartnershipService } from '../partnership/partnership.service.js';
import { Settings } from '../settings/settings.js';
import { ConsoleRepository } from './console.repository.js';

/** Failed sign-ins in a row before the account is locked (NCSC password guidance: lock-out or throttling). */
export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_OUT_MINUTES = 15;
export const PASSWORD_LINK_HOURS = 24;
export const MIN_PASSWORD_LENGTH = 12;

export type SignInResult = { ok: true; caller: Caller } | { ok: false; locked: boolean };

const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Officers' console passwords: argon2id hashes only, set from a one-time link an admin issues,
 * with a lock-out after MAX_FAILED_SIGN_INS failures in a row. The clock is the service's clock.
 */
@Injectable()
export class ConsoleAccounts {
  constructor(
    private readonly repository: ConsoleRepository,
    private readonly partnership: PartnershipService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  /**
   * A one-time link (valid PASSWORD_LINK_HOURS) for the officer to set their console password.
   * 404 when there is no such officer. Audited as `password_link_issued`.
   */
  async issueLink(officerId: string, admin: Caller): Promise<{ officerId: string; url: string; expiresAt: Date }> {
    const officer = (await this.partnership.findOfficers([officerId]))[0];
    if (!officer || !officer.active) throw new NotFoundException('No active officer with this id');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + PASSWORD_LINK_HOURS * 3600_000);
    await this.repository.addLink(hashToken(token), officer.id, admin.officerId, expiresAt);
    await this.audit.record(admin, 'password_link_issued', { fields: [], detail: { officerId: officer.id } });
    const base = this.settings.publicBaseUrl ?? `http://localhost:${this.settings.port}`;
    return { officerId: officer.id, url: `${base.replace(/\/$/, '')}/set-password/${token}`, expiresAt };
  }

  /** The officer a still-valid link is for, or null. */
  async linkOfficer(token: string): Promise<string | null> {
    return (await this.repository.link(hashToken(token), this.clock.now()))?.officer_id ?? null;
  }

  async setPassword(token: string, password: string): Promise<boolean> {
    const officerId = await this.linkOfficer(token);
    if (!officerId) return false;
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    return this.repository.setPassword(hashToken(token), officerId, hash, this.clock.now());
  }

  /** Checks an e-mail address and password; every failure looks the same to the person signing in. */
  async signIn(email: string, password: string): Promise<SignInResult> {
    const officer = await this.repository.officerByEmail(email.trim());
    if (!officer) return { ok: false, locked: false };
    const now = this.clock.now();
    const stored = await this.repository.password(officer.id);
    if (stored?.locked_until && stored.locked_until > now) return { ok: false, locked: true };
    const caller: Caller = { officerId: officer.id, organisationId: officer.organisation_id, role: officer.role as Role };
    if (stored?.password_hash && (await argon2.verify(stored.password_hash, password))) {
      await this.repository.signedIn(officer.id);
      return { ok: true, caller };
    }
    const after = await this.repository.failedSignIn(officer.id, MAX_FAILED_SIGN_INS, new Date(now.getTime() + LOCK_OUT_MINUTES * 60_000));
    await this.audit.record(caller, 'console_sign_in_failed', { fields: [], detail: { locked: String(Boolean(after.locked_until)) } });
    return { ok: false, locked: Boolean(after.locked_until) };
  }
}
