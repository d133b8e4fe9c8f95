import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { isGsm7, prepareSms } from '../../channels/sms/sms-text.js';
import { pdfText } from '../../../test/support/outbox.js';
import { BULLETIN_TYPES } from '../bulletins/bulletin.entity.js';
import type { Settings } from '../../settings/settings.js';
import { BulletinRenderer, SMS_TOKEN_PLACEHOLDER, UNSUBSCRIBE_PLACEHOLDER, type RenderableBulletin } from './bulletin-renderer.js';
import { BulletinTemplates } from './bulletin-templates.js';

const templates = BulletinTemplates.load();
const renderer = new BulletinRenderer(templates);
const sample = (type: (typeof BULLETIN_TYPES)[number]): RenderableBulletin => structuredClone(templates.samples[type]);

/** Each page's width and height in points. */
async function pageSizes(pdf: Buffer): Promise<[number, number][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const sizes: [number, number][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const [, , width, height] = (await doc.getPage(n)).view;
      sizes.push([Math.round(width), Math.round(height)]);
    }
    return sizes;
  } finally {
    await doc.destroy();
  }
}

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/'/g, '&#x27;').replace(/</g, '&lt;');
const flat = (text: string) => text.replace(/\s+/g, ' ');
const A4_PORTRAIT: [number, number] = [595, 842];
const A4_LANDSCAPE: [number, number] = [842, 595];

describe.each(BULLETIN_TYPES)('a %s', (type) => {
  const b = sample(type);

  it('is an accessible email with every section and an unsubscribe link in both parts', () => {
    const email = renderer.email(b);
    expect(email.subject).toContain(b.content.headline);
    expect(email.html).toMatch(/<html lang="en-GB">/);
    expect(email.html).toContain(`<h1 style="font-size: 32px; line-height: 1.2; margin: 20px 0 15px;">${escaped(b.content.headline)}</h1>`);
    for (const section of b.content.sections) {
      expect(email.html).toContain(escaped(section.heading));
      expect(email.html).toContain(escaped(section.body.split('\n')[0]));
      expect(email.text).toContain(section.heading);
    }
    for (const doing of b.content.whatWeAreDoing) expect(email.text).toContain(`- ${doing}`);
    for (const { label, number } of b.content.contactNumbers) expect(email.text).toContain(`${label}: ${number}`);
    expect(email.text).toContain(b.content.howToReport);
    expect(email.html).toContain(`<a href="${UNSUBSCRIBE_PLACEHOLDER}" style="color: #1d70b8; text-decoration: underline;">Unsubscribe from these emails</a>`);
    expect(email.text).toContain(`Unsubscribe from these emails: ${UNSUBSCRIBE_PLACEHOLDER}`);
    expect(email.text).not.toMatch(/<|&#x27;|&amp;/);
  });

  it('is a text of at most 3 GSM fragments ending with how to stop them', () => {
    const text = renderer.sms(b);
    const sms = prepareSms(text);
    expect(sms.encoding).toBe('GSM-7');
    expect(isGsm7(text)).toBe(true);
    expect(sms.fragments).toBeLessThanOrEqual(3);
    expect(text).toContain(b.content.headline);
    expect(text.endsWith('Reply STOP to stop these texts.')).toBe(true);
  });

  it('prints as A5 leaflets two to a landscape A4 sheet after a run sheet of streets and copies', async () => {
    const pdf = await renderer.leafletPdf(b, { layout: 'a5', copies: 1000 });
    const sizes = await pageSizes(pdf);
    expect(sizes[0]).toEqual(A4_PORTRAIT);
    expect(sizes.slice(1)).toEqual(sizes.slice(1).map(() => A4_LANDSCAPE));
    const { text } = await pdfText(pdf);
    expect(text).toContain('Door-drop run sheet');
    expect(text).toContain(b.content.headline);
    for (const section of b.content.sections) expect(text).toContain(section.heading);
    for (const n of b.neighbourhoods) for (const street of n.streets) expect(text).toContain(street.name);
  });

  it('prints as one A4 leaflet per portrait sheet', async () => {
    const pdf = await renderer.leafletPdf(b, { layout: 'a4' });
    const sizes = await pageSizes(pdf);
    expect(sizes).toEqual(sizes.map(() => A4_PORTRAIT));
    expect((await pdfText(pdf)).text).toContain('A4, one leaflet per sheet');
  });
});

describe('leaflet print run', () => {
  it('gives each street its letterbox count and the sheets needed for A5 two-up', async () => {
    const { text, pages } = await pdfText(await renderer.leafletPdf(sample('leaflet'), { layout: 'a5' }));
    // Kingsley Road 210, Park Avenue 87, Orchard Way 33: 330 copies, 165 sheets.
    expect(text).toMatch(/Kingsley Road 210 210/);
    expect(text).toMatch(/Park Avenue 87 87/);
    expect(text).toMatch(/Orchard Way 33 33/);
    expect(text).toMatch(/Total copies 330/);
    expect(text).toMatch(/A4 sheets needed 165/);
    expect(text.match(/Fireworks: know the rules/g)?.length).toBeGreaterThanOrEqual(3); // run sheet and both halves
    expect(pages).toBe(2);
  });

  it('shares what is left of the copies asked for between streets whose letterboxes are not known', async () => {
    // Mill Court: Mill Road 120, Weaver Close 45, Tanner's Walk unknown; Eastfield has no streets. 266 = 165 counted + 101.
    const { text } = await pdfText(await renderer.leafletPdf(sample('newsletter'), { layout: 'a4', copies: 266 }));
    expect(text).toMatch(/Tanner's Walk - 51/);
    expect(text).toMatch(/Every address in NN3 5, NN3 6 - 50/);
    expect(text).toMatch(/Total copies 266/);
    expect(text).toMatch(/A4 sheets needed 266/);
    expect(text).not.toContain('not known');
  });

  it('says which streets are not known when no copies are asked for', async () => {
    const { text } = await pdfText(await renderer.leafletPdf(sample('newsletter'), { layout: 'a5' }));
    expect(text).toMatch(/Tanner's Walk - not known/);
    expect(text).toMatch(/Total copies at least 165/);
    expect(text).toMatch(/A4 sheets needed at least 83/);
  });

  it('runs a long leaflet over several pages, numbered, printed on both sides', async () => {
    const b = sample('newsletter');
    b.content.sections = Array.from({ length: 8 }, (_, i) => ({
      heading: `Section ${i + 1}`,
      body: 'Patrols have visited the car park every evening and we have spoken to the families involved. '.repeat(6),
    }));
    const pdf = await renderer.leafletPdf(b, { layout: 'a5', copies: 175 });
    const { text, pages } = await pdfText(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(`Page 1 of ${pages - 1}`);
    expect(text).toContain(`Page ${pages - 1} of ${pages - 1}`);
    expect(text).toContain('Section 8');
    expect(text).toContain('both sides, flip on the short edge');
  });
});

describe('street briefing', () => {
  const b = sample('street_briefing');

  it('says where and when, in London time, on every channel', async () => {
    const when = 'Thursday 10 December 2026 at 6:30pm';
    expect(renderer.sms(b)).toContain(`Street briefing: ${when}, St Mary's Church Hall, Mill Road.`);
    expect(renderer.email(b).text).toContain(`When: ${when}`);
    const summer = structuredClone(b);
    summer.content.briefing!.when = '2026-06-11T17:00:00Z';
    expect(renderer.sms(summer)).toContain('Thursday 11 June 2026 at 6pm');
  });

  it('has an A4 portrait poster with the headline, where, when, who and how to report', async () => {
    const pdf = await renderer.posterPdf(b);
    expect(await pageSizes(pdf)).toEqual([A4_PORTRAIT]);
    const { text } = await pdfText(pdf);
    for (const words of ['Meet your local team', 'street briefing', 'Thursday 10 December 2026 at 6:30pm', "St Mary's Church Hall, Mill Road", 'PC Alex Morgan', 'Riverside Homes', 'How to report', 'call 999']) {
      expect(flat(text)).toContain(words);
    }
  });

  it('keeps a poster with a lot to say on one page', async () => {
    const long = structuredClone(b);
    long.content.summary = 'We want to hear from everyone who lives or works near the car park, the shops and the play area. '.repeat(3);
    long.content.briefing!.who = Array.from({ length: 10 }, (_, i) => `Officer number ${i + 1} from the neighbourhood team`);
    expect(await pageSizes(await renderer.posterPdf(long))).toEqual([A4_PORTRAIT]);
  });

  it('is the only type with a poster', async () => {
    await expect(renderer.posterPdf(sample('newsletter'))).rejects.toThrow('Only a street briefing has a poster');
  });
});

describe('the words residents typed', () => {
  it('are escaped in email and kept as typed in print', async () => {
    const b = sample('newsletter');
    b.content.sections[0].body = 'Bins <b>burnt</b> & fences "damaged".';
    const email = renderer.email(b);
    expect(email.html).toContain('Bins &lt;b&gt;burnt&lt;/b&gt; &amp; fences &quot;damaged&quot;.');
    expect(email.text).toContain('Bins <b>burnt</b> & fences "damaged".');
    expect((await pdfText(await renderer.leafletPdf(b, { layout: 'a5' }))).text).toContain('Bins <b>burnt</b> & fences "damaged".');
  });

  it('may leave out what is being done and the numbers to call', async () => {
    const b = sample('newsletter');
    b.content.whatWeAreDoing = [];
    b.content.contactNumbers = [];
    const email = renderer.email(b);
    expect(email.text).not.toContain('What we are doing');
    expect(email.text).not.toContain('Useful numbers');
    expect(email.text).toContain('How to report anti-social behaviour');
    const { text } = await pdfText(await renderer.leafletPdf(b, { layout: 'a4' }));
    expect(text).not.toContain('Useful numbers');
    expect(text).toContain(b.content.sections[1].heading);
  });

  it('become GSM text, cut to fit 3 fragments, when they are long or outside GSM', () => {
    const b = sample('street_briefing');
    b.content.headline = 'Siân and Łukasz invite you 🎉 to meet the team “tonight”';
    b.content.summary = 'We would like to hear about anything that worries you in the area. '.repeat(5);
    b.content.briefing!.where = 'The community room at the back of the library on the corner of Mill Road and Station Street, by the car park';
    b.content.briefing!.who = Array.from({ length: 10 }, (_, i) => `Neighbourhood officer ${i + 1}`);
    const text = renderer.sms(b);
    const sms = prepareSms(text);
    expect(sms.encoding).toBe('GSM-7');
    expect(sms.fragments).toBeLessThanOrEqual(3);
    expect(text).toContain('Sian and Lukasz invite you to meet the team "tonight"');
    expect(text).toContain('Thursday 10 December 2026 at 6:30pm');
    expect(text.endsWith('Reply STOP to stop these texts.')).toBe(true);
  });

  it('offers the unsubscribe link instead of "Reply STOP" when the sender cannot receive replies, counted at its real length', () => {
    const oneWay = new BulletinRenderer(templates, { twilioFrom: 'CSP', publicBaseUrl: 'https://asb.example.gov.uk' } as Settings);
    const b = sample('newsletter');
    b.content.summary = 'We would like to hear about anything that worries you in the area. '.repeat(8);
    const text = oneWay.sms(b);
    expect(text).not.toContain('Reply STOP');
    expect(text.endsWith(`To stop these texts: https://asb.example.gov.uk/p/unsubscribe/${SMS_TOKEN_PLACEHOLDER}`)).toBe(true);
    const real = text.replace(SMS_TOKEN_PLACEHOLDER, `${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}.${'a'.repeat(32)}`);
    expect(real.length).toBe(text.length);
    expect(prepareSms(real).fragments).toBeLessThanOrEqual(3);
    const twoWay = new BulletinRenderer(templates, { twilioFrom: '+447911000555', publicBaseUrl: 'https://asb.example.gov.uk' } as Settings);
    expect(twoWay.sms(b).endsWith('Reply STOP to stop these texts.')).toBe(true);
  });
});
