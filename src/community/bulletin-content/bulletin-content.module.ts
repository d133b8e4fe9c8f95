import { Module } from '@nestjs/common';
import { BulletinContentRepository } from './bulletin-content.repository.js';
import { BulletinRenderer } from './bulletin-renderer.js';
import { BulletinTemplates } from './bulletin-templates.js';
import { BulletinWordsCheck } from './bulletin-words-check.js';
import { VictimDataCheck } from './victim-data-check.js';

export type { RenderableBulletin } from './bulletin-view.js';
export { UNSUBSCRIBE_PLACEHOLDER } from './bulletin-renderer.js';

/**
 * Bulletins' words on every channel (email, SMS, leaflet and poster PDFs) and the checks that
 * keep personal details, victims' or anyone's, out of them. The templates are compiled when the module starts: a
 * broken one stops the service, naming the file.
 */
@Module({
  providers: [
    { provide: BulletinTemplates, useFactory: () => BulletinTemplates.load() },
    BulletinRenderer,
    VictimDataCheck,
    BulletinWordsCheck,
    BulletinContentRepository,
  ],
  exports: [BulletinRenderer, VictimDataCheck, BulletinWordsCheck],
})
export class BulletinContentModule {}
