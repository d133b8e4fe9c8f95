import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  subject?: string;
  fields: string[];
}

/** `recipient.name`, `actionPlan.actions[].what`: identifiers joined by dots, `[]` after a list. */
export const FIELD_PATH = /^[A-Za-z_]\w*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*$/;
const KEYS = new Set(['subject', 'fields']);

/**
 * Splits a template file into its YAML front matter and its Handlebars source. The front matter is
 * replaced by a Handlebars comment spanning the same lines, so that line numbers in Handlebars'
 * own error messages still match the file (a comment alone on its lines renders nothing).
 * Returns problems rather than throwing so that the loader can report every file at once.
 */
export function splitFrontMatter(text: string, email: boolean): { meta?: FrontMatter; source: string; problems: string[] } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  if (lines[0] !== '---') return { source: normalised, problems: ['has no front matter: start the file with a --- line'] };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { source: normalised, problems: ['front matter is not closed by a --- line'] };

  const source = `{{!--${'\n'.repeat(end)}--}}\n${lines.slice(end + 1).join('\n')}`;
  let raw: unknown;
  try {
    raw = parseYaml(lines.slice(1, end).join('\n'));
  } catch (error) {
    return { source, problems: [`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  const problems = checkMeta(raw, email);
  return problems.length > 0 ? { source, problems } : { meta: raw as FrontMatter, source, problems };
}

function checkMeta(raw: unknown, email: boolean): string[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return ['front matter must be a YAML mapping with fields:'];
  const meta = raw as Record<string, unknown>;
  const problems = Object.keys(meta)
    .filter((key) => !KEYS.has(key))
    .map((key) => `front matter has an unknown key "${key}" (allowed: subject, fields)`);

  const fields = meta.fields;
  if (!Array.isArray(fields)) {
    problems.push('front matter needs fields: a list of data paths such as [recipient.name, spoc.phone]');
  } else {
    for (const field of fields) {
      if (typeof field !== 'string' || !FIELD_PATH.test(field)) problems.push(`front matter field ${JSON.stringify(field)} is not a data path`);
    }
    const duplicates = fields.filter((field, i) => fields.indexOf(field) !== i);
    if (duplicates.length > 0) problems.push(`front matter lists ${duplicates.join(', ')} more than once`);
  }

  if (email && (typeof meta.subject !== 'string' || meta.subject.trim() === '')) {
    problems.push('an email template needs subject: in its front matter');
  } else if (!email && meta.subject !== undefined) {
    problems.push('only email templates have a subject');
  }
  return problems;
}
