import { checkPhone, EXAMPLE_PHONE, parsePhone } from './phone-numbers.js';

describe("Ofcom's drama numbers", () => {
  it.each([
    ['07700 900000', '+447700900000'], ['07700 900999', '+447700900999'], ['0113 496 0000', '+441134960000'], ['0114 496 0123', '+441144960123'],
    ['0115 496 0999', '+441154960999'], ['0116 496 0500', '+441164960500'], ['0117 496 0001', '+441174960001'], ['0118 496 0002', '+441184960002'],
    ['0121 496 0003', '+441214960003'], ['0131 496 0004', '+441314960004'], ['0141 496 0005', '+441414960005'], ['0151 496 0006', '+441514960006'],
    ['0161 496 0007', '+441614960007'], ['020 7946 0000', '+442079460000'], ['0191 498 0999', '+441914980999'], ['028 9649 6000', '+442896496000'],
    ['028 9649 6999', '+442896496999'], ['029 2018 0123', '+442920180123'], ['01632 960123', '+441632960123'], ['08081 570123', '+448081570123'],
    ['0909 879 0123', '+449098790123'], ['03069 990123', '+443069990123'], ['+44 7700 900123', '+447700900123'],
  ])('%s is fictional', (input, e164) => {
    expect(parsePhone(input)).toMatchObject({ e164, fictional: true });
  });

  it.each(['07700 901000', '0113 496 1000', '020 7946 1000', '028 9649 7000', '01604 888111'])('%s is not in a drama range', (input) => {
    expect(parsePhone(input)?.fictional ?? false).toBe(false);
  });

  it('accepts a fictional mobile in training and refuses it in live mode, saying it is fictional', () => {
    expect(checkPhone('07700 900123', 'victim.phone', 'training')).toMatchObject({ ok: true, e164: '+447700900123', type: 'MOBILE' });
    expect(checkPhone('020 7946 0018', 'victim.phone', 'training')).toMatchObject({ ok: true, type: 'FIXED_LINE' });
    const live = checkPhone('07700 900123', 'victim.phone', 'live');
    expect(live).toEqual({ ok: false, rule: 'notFictional', message: 'victim.phone is a fictional number (Ofcom keeps it for TV and radio drama); give a real phone number' });
  });

  it('offers an example only where it passes: a drama number in training, none in live mode', () => {
    expect(checkPhone(EXAMPLE_PHONE.training!, 'phone', 'training').ok).toBe(true);
    expect(checkPhone('nonsense', 'phone', 'training')).toMatchObject({ message: expect.stringContaining('e.g. 07700 900123') });
    expect(checkPhone('0123', 'phone', 'live')).toMatchObject({ rule: 'isUkPhoneNumber', message: 'phone must be a valid phone number (UK numbers may omit +44)' });
  });
});

describe('numbers a person can have', () => {
  it.each(['07911 123456', '+44 7911 123456', '(01604) 837000', '01604-837-000', '01604.837.000', '+33 1 23 45 67 89', '056 1234 5678', '07624 123456'])(
    '%s is accepted',
    (input) => expect(checkPhone(input, 'phone', 'live')).toMatchObject({ ok: true }),
  );

  it.each([
    ['09065 123456', 'premium-rate'], ['0909 879 0123', 'premium-rate'], ['0871 123 4567', 'premium-rate'], ['0845 456 3000', 'premium-rate'],
    ['0800 123 4567', 'freephone'], ['0300 330 7000', "UK-wide"], ['070 1234 5678', '070 personal'], ['07623 123456', 'pager'],
  ])('%s is refused for a person (%s)', (input, what) => {
    const check = checkPhone(input, 'victim.phone', 'training');
    expect(check).toMatchObject({ ok: false, rule: 'phoneType' });
    expect(check.ok || check.message).toContain(what);
  });

  it('lets an organisation publish freephone and 03 numbers, never premium rate', () => {
    expect(checkPhone('0800 123 4567', 'phone', 'live', 'organisation')).toMatchObject({ ok: true });
    expect(checkPhone('0300 330 7000', 'phone', 'live', 'organisation')).toMatchObject({ ok: true });
    expect(checkPhone('0871 123 4567', 'phone', 'live', 'organisation')).toMatchObject({ ok: false, rule: 'phoneType' });
  });

  it.each(['07723 456789...', '07723 456789x', '07723 456789 ext 2', 'tel:07723456789', '07723 456789!', '0772345678a9', '+44 7723 456789 +', '07723 456789.'])(
    '%j is refused: characters that are not part of a number',
    (input) => expect(checkPhone(input, 'victim.phone', 'live')).toMatchObject({ ok: false, rule: 'phoneCharacters' }),
  );
});
