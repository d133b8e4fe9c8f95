import { writeFileSync } from 'node:fs';
import { BulletinTemplates } from './bulletin-templates.js';
import { BulletinRenderer } from './bulletin-renderer.js';
import { BULLETIN_TYPES } from '../bulletins/bulletin.entity.js';

test('smoke', async () => {
  const t = BulletinTemplates.load();
  const r = new BulletinRenderer(t);
  for (const type of BULLETIN_TYPES) {
    const s = t.samples[type];
    const e = r.email(s);
    writeFileSync(`/tmp/bc/${type}.html`, e.html);
    writeFileSync(`/tmp/bc/${type}.txt`, `${e.subject}\n\n${e.text}\n\n---SMS---\n${r.sms(s)}`);
    writeFileSync(`/tmp/bc/${type}-a5.pdf`, await r.leafletPdf(s, { layout: 'a5' }));
    writeFileSync(`/tmp/bc/${type}-a4.pdf`, await r.leafletPdf(s, { layout: 'a4', copies: 100 }));
  }
  writeFileSync(`/tmp/bc/poster.pdf`, await r.posterPdf(t.samples.street_briefing));
});
