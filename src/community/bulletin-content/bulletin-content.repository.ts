import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An organisation's published phone number and email address, as stored. */
export interface OrganisationContactRow {
  phone: string | null;
  email: string | null;
}

/** The queries behind the checks on a bulletin's words. */
@Injectable()
export class BulletinContentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every organisation's phone number and email address (the partnership's own, which bulletins may give). */
  organisationContacts(): Promise<OrganisationContactRow[]> {
    return this.db.query('SELECT phone, email FROM organisations');
  }
}
