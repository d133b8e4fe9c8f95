// A service instance in its own process, dispatching to a local fake Twilio, for tests that
// kill it mid-flight. Compiled into dist-bench/ as tsconfig.bench.json would (test/support/compile-child.mjs); run with node.
import { Writable } from 'node:stream';
import { startService } from '../../src/service.js';
import { localTwilioClient } from './fake-twilio.js';

const fakeTwilioUrl = process.env.FAKE_TWILIO_URL!;
await startService(
  process.env,
  new Writable({ write: (_chunk, _encoding, done) => done() }),
  { listen: false, schedule: true, twilioHttpClient: localTwilioClient(() => fakeTwilioUrl) },
);
process.send?.('ready');
