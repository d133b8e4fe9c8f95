import { createServer } from 'node:net';

/** Whether nothing listens on host:port right now (by trying to listen there ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The first free port after `port` (up to 100 further on), or null. */
export async function nextFreePort(port: number, host = '127.0.0.1'): Promise<number | null> {
  for (let candidate = port + 1; candidate <= Math.min(port + 100, 65535); candidate++) {
    if (await isPortFree(candidate, host)) return candidate;
  }
  return null;
}

/** The message for a port that is taken, naming the variable and a free port to use instead. */
export async function portClashMessage(port: number, variable: string, what: string, host = '127.0.0.1'): Promise<string> {
  const next = await nextFreePort(port, host);
  const suggestion = next ? `; port ${next} is free: set ${variable}=${next}` : `; set ${variable} to a free port`;
  return `Port ${port} for ${what} is already in use (${variable})${suggestion}`;
}

/** null when the port is free, else the clash message. */
export async function portInUseMessage(port: number, variable: string, what: string, host = '127.0.0.1'): Promise<string | null> {
  return (await isPortFree(port, host)) ? null : portClashMessage(port, variable, what, host);
}
