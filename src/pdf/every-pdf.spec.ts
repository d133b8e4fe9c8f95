import { renderDiarySheetsPdf } from '../channels/letter/diary-sheets.js';
import { BulletinRenderer, type RenderableBulletin } from '../community/bulletin-content/bulletin-renderer.js';
import { BulletinTemplates } from '../community/bulletin-content/bulletin-templates.js';
import { renderReferralForm, type ReferralForm } from '../court/referral-form.js';
import { renderSubjectAccessPdf } from '../data-rights/subject-access-pdf.js';
import type { SubjectAccessReport } from '../data-rights/subject-access.service.js';
import { pdfFontNames, pdfLines, pdfPageTexts } from '../../test/support/pdf-text.js';

// Issue 12 item 9: every PDF the service makes is drawn with the kit's embedded fonts, so a name
// in any shipped script prints as given and nothing falls back to Helvetica's WinAnsi.
const POLISH = 'Żaneta Wróblewska-Łęcka';
const BENGALI = 'সুমাইয়া রহমান';
const CHINESE = '王秀英';
const URDU = 'محمد عمران خان';
const text = async (pdf: Buffer): Promise<string> => (await pdfPageTexts(pdf)).join('\n').replace(/\p{Cc}/gu, '').replace(/\s+/g, ' ');
const noBuiltInFonts = (pdf: Buffer): void => {
  const fonts = pdfFontNames(pdf);
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.filter((font) => !font.startsWith('NotoSans'))).toEqual([]);
};

describe('every PDF on the kit', () => {
  it('the referral form prints names in any script, and shows an undrawable character as its code point', async () => {
    const form: ReferralForm = {
      referredOn: '1 December 2026', reference: '2026-000003',
      witness: { name: `${POLISH} ${BENGALI}`, phone: '0300 332 1000', email: null, address: [URDU, '1 High Street', 'NN1 3AB'] },
      contact: { preferred: 'phone', otherChannels: '', safeTimes: 'any time', discreet: false, voicemailSafe: true },
      consentGivenOn: '30 November 2026', lead: { name: 'Test Police', phone: '101', email: null }, spoc: null,
      court: { name: 'Northampton Magistrates', kind: 'civil injunction', hearings: [] }, witnessCategory: 'vulnerable',
      needs: `Speaks Mandarin (${CHINESE}) \u{1F600}`, specialMeasures: [],
    };
    const pdf = await renderReferralForm(form);
    const got = await text(pdf);
    expect(got).toContain(POLISH);
    expect(got).toContain(BENGALI);
    expect(got).toContain(CHINESE);
    expect((await pdfLines(pdf)).flat().join('\n')).toContain(URDU);
    expect(got).toContain('[U+1F600]');
    expect(got).toContain('ASB-2026-000003');
    expect(got).not.toContain('?');
    noBuiltInFonts(pdf);
  });

  it('the subject access report prints the person as recorded', async () => {
    const report = {
      victimId: 'v', request: { action: 'subject_access', recordedAt: new Date('2026-12-01T10:00:00Z'), recordedBy: { officerId: 'o', name: 'Pat Officer', role: 'officer', organisationId: 'x', organisation: 'Test Police' } },
      matching: 'Matched by name and phone.', casesHeldByOtherPartners: 0,
      victimRecords: [{ name: POLISH }, { name: BENGALI }, { name: CHINESE }, { name: URDU }],
      cases: [], textsNotLinkedToACase: [], otherRecords: {}, auditEntries: [],
    } as unknown as SubjectAccessReport;
    const pdf = await renderSubjectAccessPdf(report);
    const got = await text(pdf);
    for (const name of [POLISH, BENGALI, CHINESE]) expect(got).toContain(name);
    expect((await pdfLines(pdf)).flat()).toContain(`Name: ${URDU}`);
    noBuiltInFonts(pdf);
  });

  it('diary sheets, leaflets with their run sheet, and posters use only the embedded fonts', async () => {
    const templates = BulletinTemplates.load();
    const renderer = new BulletinRenderer(templates);
    const b = structuredClone(templates.samples.street_briefing) as RenderableBulletin;
    b.organisationName = `${POLISH} ${BENGALI}`;
    const leaflet = await renderer.leafletPdf(b, { layout: 'a5' });
    expect(await text(leaflet)).toContain(`${POLISH} ${BENGALI}`);
    noBuiltInFonts(leaflet);
    noBuiltInFonts(await renderer.posterPdf(b));
    const diary = await renderDiarySheetsPdf({ reference: '2026-000003', largePrint: true });
    expect(await text(diary)).toContain('Reference ASB-2026-000003');
    noBuiltInFonts(diary);
  });
});
