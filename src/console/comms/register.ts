import type { Router } from 'express';
import type { PageKit } from '../pages/page-kit.js';
import { registerBulletinEditor } from './bulletin-editor.js';
import { registerBulletinPage } from './bulletin-page.js';
import { registerCommsOverview } from './comms-overview.js';
import { registerNeighbourhoodPages } from './neighbourhood-pages.js';
import { registerSubscriberPages } from './subscriber-pages.js';

/** The comms team's pages (issue 15): bulletins, neighbourhoods and subscribers. No victim data on any of them. */
export function registerCommsPages(router: Router, kit: PageKit): void {
  registerCommsOverview(router, kit);
  registerBulletinEditor(router, kit); // before the bulletin page: /bulletins/new and /bulletins/preview are not ids
  registerBulletinPage(router, kit);
  registerNeighbourhoodPages(router, kit);
  registerSubscriberPages(router, kit);
}
