import { classifyTwilioError, withoutNumbers } from './twilio-sms.transport.js';

describe("Twilio's refusals", () => {
  it('keep the reason but never the number, which is stored in the clear', () => {
    const refused = classifyTwilioError({ status: 400, code: 21211, message: "The 'To' number +447911123456 is not a valid phone number." });
    expect(refused).toMatchObject({ kind: 'permanent', code: 'twilio_21211' });
    expect(refused.message).toBe("Twilio refused the message (21211): The 'To' number [number] is not a valid phone number.");
    expect(withoutNumbers('call 07911 123 456 or (01604) 888-123 now')).toBe('call [number] or [number] now');
  });

  it('leaves codes and short figures alone', () => {
    expect(withoutNumbers('HTTP 503 after 30 s, error 21610')).toBe('HTTP 503 after 30 s, error 21610');
  });
});
