import { Injectable } from '@nestjs/common';
import type { FieldProblem } from '../../http/input-error.js';
import { PersonalDataCipher } from '../../privacy/personal-data-cipher.js';
import type { BulletinContent } from '../bulletins/bulletin-content.js';
import { areasOfPostcode, normaliseArea } from '../postcode-areas.js';
import { BulletinContentRepository } from './bulletin-content.repository.js';
import { victimDataProblems, VictimDataMatcher, type VictimDetails } from './victim-data-matcher.js';

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
    private readonly repository: BulletinContentRepository,
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
    const rows = await this.repository.victimsInDistricts(districts, districtAreas);
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
