import { bulletinBody, bulletinFieldId, bulletinForm, londonDateTime, slotCounts } from './bulletin-form.js';
import { neighbourhoodBody } from './neighbourhood-pages.js';

describe('the comms editor’s forms', () => {
  it('turns the editor’s form into the API’s body: empty slots left out, lists by line, a briefing’s London day and time as one instant', () => {
    const body = bulletinBody({
      type: 'street_briefing', neighbourhoodIds: ['a', 'b'], headline: ' Meet us ', summary: 'Come along.',
      'section-1-heading': 'Why', 'section-1-body': 'The car park.', 'section-2-heading': '', 'section-2-body': '',
      'section-3-heading': 'More', 'section-3-body': 'Later.', whatWeAreDoing: 'Patrols\r\n\r\n Lighting ', howToReport: 'Call 101.',
      'number-1-label': 'Police', 'number-1-number': '101',
      'briefing-where': 'The hall', 'briefing-date': '2026-12-10', 'briefing-time': '18:30', 'briefing-who': 'PC Alex Morgan\nCouncil team',
    });
    expect(body).toEqual({
      type: 'street_briefing', neighbourhoodIds: ['a', 'b'],
      content: {
        headline: 'Meet us', summary: 'Come along.', sections: [{ heading: 'Why', body: 'The car park.' }, { heading: 'More', body: 'Later.' }],
        whatWeAreDoing: ['Patrols', 'Lighting'], howToReport: 'Call 101.', contactNumbers: [{ label: 'Police', number: '101' }],
        briefing: { where: 'The hall', when: '2026-12-10T18:30:00Z', who: ['PC Alex Morgan', 'Council team'] },
      },
    });
    expect(bulletinBody({ type: 'newsletter', 'briefing-where': 'The hall' }).content.briefing).toBeUndefined();
  });

  it('reads London summer time, and passes anything else on as typed for the API’s message', () => {
    expect(londonDateTime('2027-07-01', '09:00')).toBe('2027-07-01T08:00:00Z');
    expect(londonDateTime('10/12/2026', '18:30')).toBe('10/12/2026 18:30');
    expect(londonDateTime('', '')).toBeUndefined();
  });

  it('shows a saved bulletin back in the form, with a spare slot', () => {
    const form = bulletinForm({
      type: 'newsletter', neighbourhoodIds: ['a'],
      content: { headline: 'H', summary: 'S', sections: [{ heading: 'A', body: 'B' }, { heading: 'C', body: 'D' }, { heading: 'E', body: 'F' }], whatWeAreDoing: ['x', 'y'], howToReport: 'R', contactNumbers: [] },
    });
    expect(form).toMatchObject({ 'section-3-heading': 'E', whatWeAreDoing: 'x\ny' });
    expect(slotCounts(form)).toEqual({ sections: 4, numbers: 3 });
  });

  it.each([
    ['content.headline', 'headline'], ['content.sections.1.body', 'section-2-body'], ['content.sections[0].heading', 'section-1-heading'],
    ['content.sections', 'section-1-heading'], ['content.contactNumbers.2.number', 'number-3-number'], ['neighbourhoodIds[1]', 'neighbourhoodIds'],
    ['content.whatWeAreDoing[3]', 'whatWeAreDoing'], ['content.briefing', 'briefing-where'], ['content.briefing.when', 'briefing-date'],
    ['content.briefing.who[0]', 'briefing-who'], ['type', 'type'],
  ])('links the API’s %s to the field %s', (field, id) => {
    expect(bulletinFieldId(field)).toBe(id);
  });

  it('reads a neighbourhood’s areas and streets, naming a street line it cannot read', () => {
    expect(neighbourhoodBody({ name: ' Mill Court ', areas: 'NN1 3\nNN1 4, NN2', streets: 'Mill Road, 120\n\nCourt Lane\t45' })).toEqual({
      body: { name: 'Mill Court', areas: ['NN1 3', 'NN1 4', 'NN2'], streets: [{ name: 'Mill Road', addresses: 120 }, { name: 'Court Lane', addresses: 45 }] },
      problems: [],
    });
    expect(neighbourhoodBody({ name: 'X', areas: 'NN1', streets: 'Mill Road, 1\nCourt Lane' }).problems).toEqual([
      { field: 'streets', rule: 'streetLine', message: 'Line 2 of the streets must be the street’s name, a comma and its number of letterboxes, for example Mill Road, 84' },
    ]);
  });
});
