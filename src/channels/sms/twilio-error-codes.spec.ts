import { isTwilioDetailProblem, TWILIO_ERROR_CODES, twilioErrorClass } from './twilio-error-codes.js';
import { classifyTwilioError } from './twilio-sms.transport.js';

/** What each code means, per https://www.twilio.com/docs/api/errors/<code>, and so what we do. */
const EXPECTED: [code: number, kind: 'temporary' | 'permanent', checkDetails: boolean, says: RegExp][] = [
  [20003, 'temporary', false, /credentials.*administrator/],
  [20429, 'temporary', false, /slow down/],
  [20500, 'temporary', false, /retried/],
  [20503, 'temporary', false, /retried/],
  [21211, 'permanent', true, /not a valid number/],
  [21214, 'permanent', true, /cannot be reached/],
  [21408, 'permanent', false, /country.*administrator/],
  [21602, 'permanent', false, /administrator/],
  [21606, 'permanent', false, /sender.*administrator/],
  [21610, 'permanent', true, /replied STOP/],
  [21612, 'permanent', true, /cannot receive texts/],
  [21614, 'permanent', true, /not a mobile number/],
  [21617, 'permanent', false, /1,600/],
  [21635, 'permanent', true, /landline/],
  [30001, 'temporary', false, /queued/],
  [30002, 'permanent', false, /suspended/],
  [30003, 'temporary', false, /switched off or out of signal/],
  [30004, 'permanent', true, /blocks our texts/],
  [30005, 'permanent', true, /does not exist/],
  [30006, 'permanent', true, /landline/],
  [30007, 'permanent', false, /filtered/],
  [30008, 'temporary', false, /unknown error/],
  [30009, 'temporary', false, /missing/],
  [30010, 'permanent', false, /price limit/],
  [30022, 'temporary', false, /rate limit/],
  [30023, 'temporary', false, /daily limit/],
  [30024, 'permanent', false, /sender ID/],
  [30032, 'permanent', false, /not verified/],
  [30034, 'permanent', false, /not registered/],
  [30044, 'temporary', false, /expired/],
  [30410, 'temporary', false, /in time/],
  [30450, 'permanent', false, /fraud/],
  [30500, 'temporary', false, /internal error/],
];

describe("Twilio's error codes", () => {
  it.each(EXPECTED)('%i is %s (check the number: %s)', (code, kind, checkDetails, says) => {
    const found = twilioErrorClass(code);
    expect(found).toMatchObject({ kind, code: `twilio_${code}` });
    expect(found.reason).toMatch(says);
    expect(isTwilioDetailProblem(`twilio_${code}`)).toBe(checkDetails);
    // An officer can act on it, and it never holds a phone number.
    expect(found.reason).not.toMatch(/\d{5,}|\+44/);
    expect(twilioErrorClass(String(code))).toEqual(found); // as the status callback posts it
  });

  it('has a test for every code in the table', () => {
    expect(Object.keys(TWILIO_ERROR_CODES).map(Number).sort()).toEqual(EXPECTED.map(([code]) => code).sort());
  });

  it('fails over on a code it does not know, without blaming the number', () => {
    expect(twilioErrorClass('39999')).toMatchObject({ kind: 'permanent', code: 'twilio_39999' });
    expect(isTwilioDetailProblem('twilio_39999')).toBe(false);
    expect(twilioErrorClass(undefined)).toMatchObject({ kind: 'permanent', code: 'twilio_unknown' });
  });

  it('classifies API refusals from the same table, never quoting the number', () => {
    const refused = classifyTwilioError({ status: 400, code: 21211, message: "The 'To' number +447700900123 is not a valid phone number." });
    expect(refused).toMatchObject({ kind: 'permanent', code: 'twilio_21211' });
    expect(refused.message).toBe('The phone number is not a valid number; check it with the victim (Twilio error 21211)');
    expect(classifyTwilioError({ status: 429, code: 20429, message: 'Too many requests' })).toMatchObject({ kind: 'temporary', code: 'http_429' });
    expect(classifyTwilioError({ status: 401, code: 20003, message: 'Authenticate' })).toMatchObject({ kind: 'temporary' });
  });
});
