// The fake Twilio and the SMTP server for bench:dispatch, in a process of their own so that they
// do not take CPU from the service being measured (real providers are elsewhere too).
import { FakeTwilio } from '../test/support/fake-twilio.js';
import { SmtpSink } from '../test/support/smtp-sink.js';

const twilio = await new FakeTwilio().start();
const smtp = await new SmtpSink().start();
smtp.keepMessages = false;
process.on('message', (message) => {
  if (message === 'texts') process.send!({ texts: twilio.received.map((t) => t.receivedAt) });
});
process.send!({ twilioUrl: twilio.baseUrl, smtpUrl: smtp.url });
