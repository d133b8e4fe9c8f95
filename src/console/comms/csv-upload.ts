import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import type { Caller } from '../../auth/access.js';

/** The same limit as `POST /v1/subscribers/import`: about 400,000 rows. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
export const IMPORT_PATH = '/subscribers/import';

/** The file as uploaded, held in memory for the import (never written to disk). */
export interface UploadedCsv {
  buffer: Buffer;
  size: number;
}

const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 1024 } }).single('file');

/**
 * Reads the subscriber import form (multipart/form-data) before the CSRF check, which needs its
 * `_csrf` field: only that form, only for a signed-in officer whose role may import. A file over
 * the limit or a broken upload is left for the page to explain (`res.locals.uploadProblem`).
 */
export function csvUpload(req: Request, res: Response, next: NextFunction): void {
  const caller = res.locals.caller as Caller | undefined;
  if (req.method !== 'POST' || req.path !== IMPORT_PATH || !req.is('multipart/form-data') || !caller || !['comms', 'supervisor'].includes(caller.role)) return next();
  parse(req, res, (error: unknown) => {
    if (error) res.locals.uploadProblem = (error as { code?: string }).code === 'LIMIT_FILE_SIZE' ? 'tooLarge' : 'unreadable';
    req.body ??= {};
    next();
  });
}

/** The uploaded file, if one came. */
export const uploadedCsv = (req: Request): UploadedCsv | undefined => (req as Request & { file?: UploadedCsv }).file;

/** The file's text in pieces of 1 MB, as the importer reads a request body (a UTF-8 byte order mark is dropped). */
export async function* csvText(file: UploadedCsv): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  const piece = 1024 * 1024;
  for (let at = 0; at < file.buffer.length; at += piece) yield decoder.decode(file.buffer.subarray(at, at + piece), { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}
