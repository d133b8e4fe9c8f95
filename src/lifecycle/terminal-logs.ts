import type { LogFn, Logger } from 'pino';
import pretty from 'pino-pretty';

/** Nest's start-up chatter: one line per module and per route. Useful when debugging only. */
const CHATTY_CONTEXTS = new Set(['RoutesResolver', 'RouterExplorer', 'InstanceLoader']);

/** pino hook: on a terminal, Nest's module and route lines are logged at debug, not info. */
export function quietStartupLines(this: Logger, args: Parameters<LogFn>, method: LogFn, level: number): void {
  const first = args[0] as { context?: unknown } | undefined;
  if (level === 30 && first && typeof first === 'object' && CHATTY_CONTEXTS.has(String(first.context))) {
    this.debug(...(args as [object, string]));
    return;
  }
  method.apply(this, args);
}

/** One short line per entry: time, level, where, what; requests as method, path and status. */
export function prettyLogStream(): NodeJS.WritableStream {
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    messageFormat: '{if context}[{context}] {end}{msg}{if req} {req.method} {req.url} → {res.statusCode} ({responseTime} ms){end}',
    singleLine: true,
  });
}
