import { classifyTwilioError, withoutNumbers } from './twilio-sms.transport.js';

describe("Twilio's refusals", () => {
  it('keep the reason but never the number, which is stored in the clear', () => {
    const refused = classifyTwilioError({ status: 400, code: 21999, message: "The 'To' number +447911123456 is odd." });
    expect(refused).toMatchObject({ kind: 'permanent', code: 'twilio_21999' });
    expect(refused.message).toBe('Twilio refused the message (HTTP 400, 21999)');
    expect(withoutNumbers('call 07911 123 456 or (01604) 888-123 now')).toBe('call [number] or [number] now');
  });

  it('leaves codes and short figures alone', () => {
    expect(withoutNumbers('HTTP 503 after 30 s, error 21610')).toBe('HTTP 503 after 30 s, error 21610');
  });
});
