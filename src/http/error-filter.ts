import { type ArgumentsHost, Catch, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import type { FieldProblem } from './input-error.js';

/** A PostgreSQL error as the pg driver gives it (directly, or as TypeORM's QueryFailedError.driverError). */
interface PgError {
  code: string;
  detail?: string;
  column?: string;
  constraint?: string;
  table?: string;
}

function pgErrorOf(error: unknown): PgError | null {
  const candidate = (error as { driverError?: unknown })?.driverError ?? error;
  const code = (candidate as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in (candidate as object) ? (candidate as PgError) : null;
}

/** `lead_organisation_id` → `leadOrganisationId`: the API's name for a column (SnakeNamingStrategy). */
const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The columns named in a key violation's detail, `Key (code)=(TPOL) already exists.`, without the values. */
function keyColumns(detail: string | undefined): string[] {
  const match = /^Key \(([^)]*)\)=/.exec(detail ?? '');
  return match ? match[1].split(',').map((c) => camel(c.trim().replace(/^lower\((.*)\)$/, '$1').replace(/::\w+$/, ''))) : [];
}

interface Mapped {
  status: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
}

/**
 * What a database error means to the client; never SQL, values or personal data, which stay in
 * the database's own log (PostgreSQL error codes: Appendix A of its manual).
 * - 23505 unique violation: 409, naming the fields that must be unique (two creates racing).
 * - 23503 foreign key violation: 400, naming the field that points at nothing (it went meanwhile).
 * - 23502/23514 not-null and check violations, class 22 data exceptions (a number out of range,
 *   a malformed value): 400.
 * - 40001/40P01 serialization failure and deadlock: 409, try again (reads that may meet them retry
 *   first, with retryOnSerializationFailure).
 */
export function databaseErrorResponse(error: PgError): Mapped | null {
  const fields = keyColumns(error.detail);
  const named = fields.length ? fields : error.column ? [camel(error.column)] : [];
  if (error.code === '23505') {
    const field = named.join(', ') || 'the request';
    return { status: 409, error: 'Conflict', message: `${field}: a record with this value already exists`, errors: named.map((f) => ({ field: f, rule: 'unique', message: `${f} is already taken` })) };
  }
  if (error.code === '23503') {
    const field = named[0] ?? 'the request';
    return { status: 400, error: 'Bad Request', message: `${field} does not name an existing record`, errors: [{ field, rule: 'exists', message: `${field} does not name an existing record` }] };
  }
  if (error.code === '23502' || error.code === '23514' || error.code.startsWith('22')) {
    const field = named[0] ?? 'the request';
    const rule = error.code.startsWith('22') ? 'storable' : 'constraint';
    return { status: 400, error: 'Bad Request', message: `${field} has a value that cannot be stored (out of range or not valid)`, errors: [{ field, rule, message: `${field} has a value that cannot be stored` }] };
  }
  if (error.code === '40001' || error.code === '40P01') {
    return { status: 409, error: 'Conflict', message: 'The records changed while this request was handled; send it again' };
  }
  return null;
}

/**
 * A body that is not JSON, or a path that is not valid percent-encoding: a 400 naming the part,
 * never quoting it (the parsers' own messages repeat what they were given: an officer's text, a
 * public link's token).
 */
export function unreadableRequest(exception: unknown): { message: string; errors: FieldProblem[] } | null {
  const cause = exception instanceof HttpException ? (exception.cause ?? exception) : exception;
  const text = cause instanceof Error ? cause.message : '';
  const type = (cause as { type?: unknown })?.type;
  if (cause instanceof SyntaxError || type === 'entity.parse.failed' || /is not valid JSON|Unexpected (token|end of JSON)|in JSON at position/.test(text)) {
    return { message: 'The body is not valid JSON', errors: [{ field: 'body', rule: 'json', message: 'body must be valid JSON' }] };
  }
  if (cause instanceof URIError || /^Failed to decode param/.test(text)) {
    return { message: 'The address holds characters that are not valid', errors: [{ field: 'path', rule: 'encoding', message: 'path must be valid percent-encoded UTF-8' }] };
  }
  return null;
}

/**
 * Every error the routes throw ends here (registered in AppModule). HTTP exceptions go out as
 * Nest makes them. Database errors become 4xx (above). Anything else is a 500 whose log line
 * holds the error's type, code and stack frames but not its message: messages of libraries can
 * quote what they were given (an officer's text, a victim's name, SQL parameters).
 */
@Catch()
export class ErrorFilter extends BaseExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return super.catch(exception, host);
    const response = host.switchToHttp().getResponse<Response>();
    const unreadable = unreadableRequest(exception);
    if (unreadable) {
      if (!response.headersSent) response.status(400).json({ statusCode: 400, error: 'Bad Request', ...unreadable });
      return;
    }
    if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(exception.message)) {
      // The router's own 404 quotes the path, which may hold a public link's token.
      if (!response.headersSent) response.status(404).json({ statusCode: 404, error: 'Not Found', message: 'There is nothing at this address' });
      return;
    }
    if (exception instanceof HttpException) return super.catch(exception, host);
    const pg = pgErrorOf(exception);
    const mapped = pg ? databaseErrorResponse(pg) : null;
    if (pg) this.log.warn({ msg: 'database error', code: pg.code, constraint: pg.constraint, table: pg.table, status: mapped?.status ?? 500 });
    if (mapped) {
      const { status, ...body } = mapped;
      if (!response.headersSent) response.status(status).json({ statusCode: status, ...body });
      return;
    }
    const error = exception as Partial<Error>;
    const frames = typeof error?.stack === 'string' ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : undefined;
    this.log.error({ msg: 'unexpected error', type: error?.constructor?.name ?? typeof exception, code: pg?.code, stack: frames });
    if (!response.headersSent) response.status(500).json({ statusCode: 500, message: 'Internal server error' });
    else response.end();
  }
}
