import type { Request, Response, Router } from 'express';
import { NeighbourhoodsService } from '../../community/neighbourhoods/neighbourhoods.service.js';
import { type ImportReport, SubscriberImport } from '../../community/subscribers/subscriber-import.js';
import { InputError } from '../../http/input-error.js';
import { formErrors, type FormErrors, page, type PageKit, render, service } from '../pages/page-kit.js';
import { commsCaller } from './comms-kit.js';
import { csvText, IMPORT_PATH, MAX_UPLOAD_BYTES, uploadedCsv } from './csv-upload.js';

const COLUMN_NAMES: Record<string, string> = { email: 'email', phone: 'phone', postcode: 'postcode', consent_date: 'consent_date', neighbourhood: 'neighbourhood', row: 'the whole row' };

/** The import's report as table rows, in row order: refused rows (column and reason) and skipped ones. Never a value from the file. */
export function reportRows(report: ImportReport) {
  return [
    ...report.rejected.map((p) => ({ row: p.row, outcome: 'Refused', column: COLUMN_NAMES[p.field] ?? p.field, reason: p.reason })),
    ...report.skipped.map((s) => ({ row: s.row, outcome: 'Skipped', column: '', reason: s.reason })),
  ].sort((a, b) => a.row - b.row);
}

/**
 * Subscribers: how many per neighbourhood and channel (numbers only), the public sign-up page's
 * address, and importing a CSV of people who agreed elsewhere (SubscriberImport, as
 * `POST /v1/subscribers/import`), with a report by row number.
 */
export function registerSubscriberPages(router: Router, kit: PageKit): void {
  const show = async (res: Response, extra: { report?: ImportReport; errors?: FormErrors | null } = {}) => {
    commsCaller(res, 'subscribers');
    render(kit, res, 'comms/subscribers.njk', {
      title: 'Subscribers',
      signUpUrl: `${kit.settings.publicBaseUrl}/p/subscribe`,
      neighbourhoods: await service(kit, NeighbourhoodsService).list(),
      report: extra.report ?? null,
      reportRows: extra.report ? reportRows(extra.report) : [],
      errors: extra.errors ?? null,
    });
  };

  router.get('/subscribers', page((_req, res) => show(res)));

  router.post(IMPORT_PATH, page(async (req: Request, res: Response) => {
    commsCaller(res, 'subscribers');
    const file = uploadedCsv(req);
    const refuse = async (status: number, message: string) => {
      res.status(status);
      await show(res, { errors: formErrors([{ field: 'file', message }]) });
    };
    if (res.locals.uploadProblem === 'tooLarge') return refuse(413, `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB: split it into several imports`);
    if (res.locals.uploadProblem) return refuse(400, 'The file could not be uploaded: try again');
    if (!file || file.size === 0) return refuse(400, 'Choose a CSV file to import');
    try {
      const report = await service(kit, SubscriberImport).import(csvText(file));
      await show(res, { report });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      await refuse(400, `Nothing was imported. ${error.problems.map((p) => p.message).join('; ')}`);
    }
  }));
}
