import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Officer } from '../partnership/officer.entity.js';

/** The admin command's queries (it runs outside the HTTP app, so AdminKeys builds this from the app's DataSource). */
@Injectable()
export class AdminRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The organisation's short code (e.g. `WMP`). */
  async organisationCode(organisationId: string, db: EntityManager = this.db.manager): Promise<string> {
    const [organisation] = await db.query('SELECT code FROM organisations WHERE id = $1', [organisationId]);
    return organisation.code;
  }

  /** The active officer with this e-mail address, compared case-insensitively; null when none. No lock. */
  activeOfficerByEmail(email: string, db: EntityManager = this.db.manager): Promise<Officer | null> {
    return db.createQueryBuilder(Officer, 'o').where('lower(o.email) = lower(:email)', { email }).andWhere('o.active').getOne();
  }

  /** The active officers whose e-mail address is one of `emails` (exact match), oldest first. No lock. */
  activeOfficersByEmails(emails: readonly string[], db: EntityManager = this.db.manager): Promise<Officer[]> {
    return db
      .createQueryBuilder(Officer, 'o')
      .where('o.email IN (:...emails)', { emails: [...emails] })
      .andWhere('o.active')
      .orderBy('o.created_at')
      .getMany();
  }
}
