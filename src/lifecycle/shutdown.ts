import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Dispatcher } from '../contacts/dispatcher.js';
import { Readiness } from '../health/readiness.js';

const IN_FLIGHT_GRACE_MS = 10_000;

/**
 * Stops in the order that loses nothing: refuse new connections and let the requests under
 * way finish, then stop the workers (queue and dispatch timer), then close the pool (Nest's
 * shutdown), and only then the database itself.
 */
export async function stopGracefully(app: INestApplication, stopDatabase: () => Promise<void>): Promise<void> {
  app.get(Readiness, { strict: false }).ready = false;
  const server = app.getHttpServer() as Server;
  if (server.listening) {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const late = setTimeout(() => server.closeAllConnections(), IN_FLIGHT_GRACE_MS);
    await closed;
    clearTimeout(late);
  }
  await app.get(Dispatcher, { strict: false }).stop();
  await app.close();
  await stopDatabase();
}

/**
 * Ctrl+C and SIGTERM stop the service gracefully and quietly; a second signal while stopping
 * is ignored (the stop is bounded anyway).
 */
export function stopOnSignals(stop: () => Promise<void>, onError: (error: unknown) => void): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        onError(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
