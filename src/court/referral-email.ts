import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { TEMPLATES_DIR } from '../templates/templates-dir.js';
import { compileFields, findMissing, type FieldCheck } from '../templates/field-paths.js';
import { splitFrontMatter } from '../templates/front-matter.js';
import { compileNow, createEnv, type Compiled } from '../templates/handlebars-env.js';
import { htmlToText } from '../templates/text-output.js';
import { MissingFieldError, TemplateError } from '../templates/template-types.js';

export interface ReferralEmailData {
  case: { reference: string };
  organisation: { name: string };
}

const FILE = 'referrals/witness_service.hbs';

/**
 * The email that carries a Witness Service referral form. Loaded and compiled once, when the
 * service starts, so a broken template stops it starting. Its body names only the case reference.
 */
@Injectable()
export class ReferralEmail {
  private readonly body: Compiled;
  private readonly subject: Compiled;
  private readonly checks: FieldCheck[];

  constructor() {
    const { meta, source, problems } = splitFrontMatter(readFileSync(join(TEMPLATES_DIR, FILE), 'utf8'), true);
    if (!meta || problems.length > 0) throw new TemplateError(problems.map((p) => `${FILE}: ${p}`));
    try {
      this.body = compileNow(createEnv('html'), 'html', source);
      this.subject = compileNow(createEnv('text'), 'text', meta.subject!);
    } catch (error) {
      throw new TemplateError([`${FILE}: ${(error as Error).message.trim()}`]);
    }
    this.checks = compileFields(meta.fields);
  }

  render(data: ReferralEmailData): { subject: string; html: string; text: string } {
    const missing = findMissing(data, this.checks);
    if (missing.length > 0) throw new MissingFieldError(missing, FILE);
    const fragment = this.body(data).trim();
    const subject = this.subject(data).replace(/\s+/g, ' ').trim();
    const html = `<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>${escapeHtml(subject)}</title>\n</head>\n<body style="font-family: Arial, Helvetica, sans-serif;">\n${fragment}\n</body>\n</html>`;
    return { subject, html, text: htmlToText(fragment) };
  }
}

const escapeHtml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
