import { InputError } from '../../http/input-error.js';
import type { RenderableBulletin } from './bulletin-view.js';

export type LeafletLayout = 'a5' | 'a4';

export interface DoorDropStreet {
  name: string;
  /** Letterboxes on the street when the neighbourhood records them. */
  letterboxes: number | null;
  /** Null when neither the letterboxes nor a number of copies is known. */
  copies: number | null;
}

export interface DoorDropArea {
  name: string;
  areas: string[];
  /** A neighbourhood without streets has one row for the whole of it. */
  streets: DoorDropStreet[];
  copies: number | null;
}

export interface DoorDropPlan {
  layout: LeafletLayout;
  neighbourhoods: DoorDropArea[];
  /** Copies to print: exactly the number asked for, if one was; else those known (with `unknownStreets`, at least this many are needed). */
  copies: number;
  /** Copies asked for beyond every street's share: kept spare (only when every street is counted). */
  spare: number;
  unknownStreets: number;
  /** A4 sheets to print: two A5 leaflets per side in the A5 layout; a leaflet of 2 pages or more is printed on both sides. */
  sheets: number;
  leafletPages: number;
  doubleSided: boolean;
}

/** A street's letterbox count is known when it is a whole number above 0. */
const known = (addresses: number): boolean => Number.isInteger(addresses) && addresses > 0;

/**
 * How many leaflets go to each street. `copies`, when given, is the whole print run and the plan
 * comes to exactly that many: each street with a letterbox count gets one per letterbox; the
 * streets (and neighbourhoods without streets) whose count is not known share what is left evenly,
 * the first ones taking one more when it does not divide; if every street is counted, what is left
 * is spare. Fewer copies than the letterboxes counted → 400 naming `copies`. Without `copies` the
 * streets not counted are left "not known".
 */
export function planDoorDrop(
  neighbourhoods: RenderableBulletin['neighbourhoods'], layout: LeafletLayout, leafletPages: number, copies?: number,
): DoorDropPlan {
  const plan: DoorDropArea[] = neighbourhoods.map((n) => ({
    name: n.name,
    areas: n.areas,
    streets: n.streets.length > 0
      ? n.streets.map((s) => ({ name: s.name, letterboxes: known(s.addresses) ? s.addresses : null, copies: known(s.addresses) ? s.addresses : null }))
      : [{ name: `Every address in ${n.areas.join(', ') || n.name}`, letterboxes: null, copies: null }],
    copies: null,
  }));
  const unknown = plan.flatMap((n) => n.streets.filter((s) => s.copies === null));
  const counted = plan.reduce((sum, n) => sum + n.streets.reduce((s, street) => s + (street.copies ?? 0), 0), 0);
  let spare = 0;
  if (copies !== undefined) {
    if (copies < counted) {
      throw InputError.of('copies', 'min', `copies must be at least ${counted}, one for each letterbox counted on these neighbourhoods' streets, or left out to print that many`);
    }
    const left = copies - counted;
    if (unknown.length === 0) spare = left;
    const each = Math.floor(left / Math.max(1, unknown.length));
    const extra = left % Math.max(1, unknown.length);
    unknown.forEach((street, i) => (street.copies = each + (i < extra ? 1 : 0)));
  }
  for (const n of plan) {
    n.copies = n.streets.every((s) => s.copies !== null) ? n.streets.reduce((sum, s) => sum + s.copies!, 0) : null;
  }
  const total = plan.reduce((sum, n) => sum + n.streets.reduce((s, street) => s + (street.copies ?? 0), 0), 0) + spare;
  const perSide = layout === 'a5' ? 2 : 1;
  // Pages are printed on both sides of the sheet: a sheet per 2 pages of each copy.
  const sheetsPerCopy = Math.ceil(leafletPages / 2);
  return {
    layout,
    neighbourhoods: plan,
    copies: total,
    spare,
    unknownStreets: plan.reduce((sum, n) => sum + n.streets.filter((s) => s.copies === null).length, 0),
    sheets: Math.ceil(total / perSide) * sheetsPerCopy,
    leafletPages,
    doubleSided: leafletPages > 1,
  };
}
