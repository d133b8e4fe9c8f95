import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** The admin command's queries (it runs outside the HTTP app, so AdminKeys builds this from the app's DataSource). */
@Injectable()
export class AdminRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The organisation's short code (e.g. `WMP`). */
  async organisationCode(organisationId: string, db: EntityManager = this.db.manager): Promise<string> {
    const [organisation] = await db.query('SELECT code FROM organisations WHERE id = $1', [organisationId]);
    return organisation.code;
  }
}
