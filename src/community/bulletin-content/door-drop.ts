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
  /** Copies known; with `unknownStreets`, at least this many are needed. */
  copies: number;
  unknownStreets: number;
  /** A4 sheets to print: two A5 leaflets per side in the A5 layout; a leaflet of 2 pages or more is printed on both sides. */
  sheets: number;
  leafletPages: number;
  doubleSided: boolean;
}

/** A street's letterbox count is known when it is a whole number above 0. */
const known = (addresses: number): boolean => Number.isInteger(addresses) && addresses > 0;

/**
 * How many leaflets go to each street: its letterbox count when known; the streets (and
 * neighbourhoods without streets) whose count is not known share `copies` evenly, the first ones
 * taking one more when it does not divide; without `copies` they are left "not known".
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
  if (copies !== undefined && copies > 0 && unknown.length > 0) {
    const each = Math.floor(copies / unknown.length);
    const extra = copies % unknown.length;
    unknown.forEach((street, i) => (street.copies = each + (i < extra ? 1 : 0)));
  }
  for (const n of plan) {
    n.copies = n.streets.every((s) => s.copies !== null) ? n.streets.reduce((sum, s) => sum + s.copies!, 0) : null;
  }
  const total = plan.reduce((sum, n) => sum + n.streets.reduce((s, street) => s + (street.copies ?? 0), 0), 0);
  const perSide = layout === 'a5' ? 2 : 1;
  // Pages are printed on both sides of the sheet: a sheet per 2 pages of each copy.
  const sheetsPerCopy = Math.ceil(leafletPages / 2);
  return {
    layout,
    neighbourhoods: plan,
    copies: total,
    unknownStreets: plan.reduce((sum, n) => sum + n.streets.filter((s) => s.copies === null).length, 0),
    sheets: Math.ceil(total / perSide) * sheetsPerCopy,
    leafletPages,
    doubleSided: leafletPages > 1,
  };
}
