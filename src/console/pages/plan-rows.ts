import { DateTime } from 'luxon';
import { formatLondonDate, LONDON } from '../../calendar/working-days.js';
import { PartnershipService } from '../../partnership/partnership.service.js';
import { type PageKit, service } from './page-kit.js';

/** The plan as GOV.UK table rows: partners by name, dates as the victim is sent them. */
export async function actionPlanRows(kit: PageKit, actions: { what: string; who: string; by: string }[]) {
  const ids = actions.filter((a) => a.who !== 'victim').map((a) => a.who.toLowerCase());
  const names = new Map((ids.length ? await service(kit, PartnershipService).findOrganisations([...new Set(ids)]) : []).map((o) => [o.id, o.name]));
  return actions.map((a) => [
    { text: a.what },
    { text: a.who === 'victim' ? 'The victim' : (names.get(a.who.toLowerCase()) ?? a.who) },
    { text: formatLondonDate(DateTime.fromISO(a.by, { zone: LONDON }).toJSDate()) },
  ]);
}
