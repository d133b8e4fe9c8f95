import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { FieldProblem } from '../../http/input-error.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import type { BulletinContent } from '../bulletins/bulletin-content.js';
import { areasOfPostcode, normaliseArea } from '../postcode-areas.js';
import { victimDataProblems, VictimDataMatcher, type VictimDetails } from './victim-data-matcher.js';

interface VictimRow {
  nameEnc: Buffer | null;
  phoneEnc: Buffer | null;
  emailEnc: Buffer | null;
  addressEnc: Buffer | null;
  inDistrict: boolean;
  postcodes: Buffer[] | null;
}

/** The sector of a postcode: `NN1 3AB` → `NN1 3`. */
const sectorOf = (postcode: string): string => areasOfPostcode(postcode)[0] ?? '';

/**
 * Finds in bulletin content the name, phone number, email or address of any victim known to the
 * service in the bulletin's areas, so no case detail reaches the public. A victim
 * is in an area when one of their incidents is: by its postcode district for a district area,
 * by its full postcode (sealed) for a sector. Anonymised details (null) are skipped. Nothing
 * found is logged or repeated, and a problem never says that a victim was matched: its words are
 * those of any personal detail, so the check cannot be used to learn who is a victim.
 */
@Injectable()
export class VictimDataCheck {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cipher: PersonalDataCipher,
  ) {}

  /** One problem per field holding a victim's details, each the same words as any personal detail (see personalDetailsProblem). */
  async check(content: BulletinContent, areas: string[]): Promise<FieldProblem[]> {
    return victimDataProblems(content, await this.matcher(areas));
  }

  /** A matcher built from every victim with an incident in the areas. */
  async matcher(areas: string[]): Promise<VictimDataMatcher> {
    return new VictimDataMatcher(await this.victimsIn(areas));
  }

  /** Every victim with an incident in the areas, their details opened once. */
  private async victimsIn(areas: string[]): Promise<VictimDetails[]> {
    const normalised = [...new Set(areas.map(normaliseArea).filter((area): area is string => Boolean(area)))];
    if (normalised.length === 0) return [];
    const districtAreas = normalised.filter((area) => !area.includes(' '));
    const sectors = new Set(normalised.filter((area) => area.includes(' ')));
    const districts = [...new Set(normalised.map((area) => area.split(' ')[0]))];
    const rows: VictimRow[] = await this.db.query(
      `SELECT v.name_enc AS "nameEnc", v.phone_enc AS "phoneEnc", v.email_enc AS "emailEnc", v.address_enc AS "addressEnc",
              bool_or(i.postcode_district = ANY($2::text[])) AS "inDistrict",
              array_agg(i.postcode_enc) FILTER (WHERE i.postcode_enc IS NOT NULL AND NOT i.postcode_district = ANY($2::text[])) AS postcodes
         FROM incidents i JOIN victims v ON v.id = i.victim_id
        WHERE i.postcode_district = ANY($1::text[])
          AND (v.name_enc IS NOT NULL OR v.phone_enc IS NOT NULL OR v.email_enc IS NOT NULL OR v.address_enc IS NOT NULL)
        GROUP BY v.id`,
      [districts, districtAreas],
    );
    return rows
      .filter((row) => row.inDistrict || (row.postcodes ?? []).some((sealed) => sectors.has(sectorOf(this.cipher.open(sealed)))))
      .map((row) => ({
        name: this.cipher.openOptional(row.nameEnc),
        phone: this.cipher.openOptional(row.phoneEnc),
        email: this.cipher.openOptional(row.emailEnc),
        address: row.addressEnc ? this.cipher.openJson<string[]>(row.addressEnc) : null,
      }));
  }
}
