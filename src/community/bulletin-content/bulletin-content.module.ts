import { Module } from '@nestjs/common';
import { BulletinRenderer } from './bulletin-renderer.js';
import { BulletinTemplates } from './bulletin-templates.js';
import { VictimDataCheck } from './victim-data-check.js';

export type { RenderableBulletin } from './bulletin-view.js';
export { UNSUBSCRIBE_PLACEHOLDER } from './bulletin-renderer.js';

/**
 * Bulletins' words on every channel (email, SMS, leaflet and poster PDFs) and the check that
 * keeps victims' details out of them. The templates are compiled when the module starts: a
 * broken one stops the service, naming the file.
 */
@Module({
  providers: [
    { provide: BulletinTemplates, useFactory: () => BulletinTemplates.load() },
    BulletinRenderer,
    VictimDataCheck,
  ],
  exports: [BulletinRenderer, VictimDataCheck],
})
export class BulletinContentModule {}
