import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** An organisation's published phone number and email address, as stored. */
export interface OrganisationContactRow {
  phone: string | null;
  email: string | null;
}

/** A victim with an incident in a bulletin's postcode districts: their sealed details, and where the incidents were. */
export interface VictimInAreasRow {
  nameEnc: Buffer | null;
  phoneEnc: Buffer | null;
  emailEnc: Buffer | null;
  addressEnc: Buffer | null;
  /** An incident of theirs is in one of the district areas. */
  inDistrict: boolean;
  /** The sealed postcodes of their other incidents in the districts (to match against sectors); null when none. */
  postcodes: Buffer[] | null;
}

/** The queries behind the checks on a bulletin's words. */
@Injectable()
export class BulletinContentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every organisation's phone number and email address (the partnership's own, which bulletins may give). */
  organisationContacts(): Promise<OrganisationContactRow[]> {
    return this.db.query('SELECT phone, email FROM organisations');
  }

  /** Every victim with any detail left (not anonymised) and an incident in one of `districts`; `districtAreas` are the districts wanted whole. */
  victimsInDistricts(districts: string[], districtAreas: string[], db: EntityManager = this.db.manager): Promise<VictimInAreasRow[]> {
    return db.query(
      `SELECT v.name_enc AS "nameEnc", v.phone_enc AS "phoneEnc", v.email_enc AS "emailEnc", v.address_enc AS "addressEnc",
              bool_or(i.postcode_district = ANY($2::text[])) AS "inDistrict",
              array_agg(i.postcode_enc) FILTER (WHERE i.postcode_enc IS NOT NULL AND NOT i.postcode_district = ANY($2::text[])) AS postcodes
         FROM incidents i JOIN victims v ON v.id = i.victim_id
        WHERE i.postcode_district = ANY($1::text[])
          AND (v.name_enc IS NOT NULL OR v.phone_enc IS NOT NULL OR v.email_enc IS NOT NULL OR v.address_enc IS NOT NULL)
        GROUP BY v.id`,
      [districts, districtAreas],
    );
  }
}
