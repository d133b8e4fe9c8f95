import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  subject?: string;
  fields: string[];
}

/** `recipient.name`, `actionPlan.actions[].what`: identifiers joined by dots, `[]` after a list. */
export const FIELD_PATH = /^[A-Za-z_]\w*(\[\])?(\.[A-Za-z_]\w*(\[\])?)*$/;
const KEYS = new Set(['subject', 'fields']);

/**
 * Splits a template file into its YAML front matter (parsed, unchecked) and its Handlebars
 * source. The front matter is replaced by a Handlebars comment spanning the same lines, so that
 * line numbers in Handlebars' own error messages still match the file (a comment alone on its
 * lines renders nothing). Returns problems rather than throwing so that a loader can report
 * every file at once.
 */
export function splitYamlFrontMatter(text: string): { raw?: unknown; source: string; problems: string[] } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = normalised.split('\n');
  if (lines[0] !== '---') return { source: normalised, problems: ['has no front matter: start the file with a --- line'] };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { source: normalised, problems: ['front matter is not closed by a --- line'] };
  const source = `{{!--${'\n'.repeat(end)}--}}\n${lines.slice(end + 1).join('\n')}`;
  try {
    const raw = parseYaml(lines.slice(1, end).join('\n'));
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { source, problems: ['front matter must be a YAML mapping with fields:'] };
    return { raw, source, problems: [] };
  } catch (error) {
    return { source, problems: [`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
}

/** `fields:` must be a list of distinct data paths. */
export function fieldProblems(fields: unknown, example: string): string[] {
  if (!Array.isArray(fields)) return [`front matter needs fields: a list of data paths such as ${example}`];
  const problems = fields
    .filter((field) => typeof field !== 'string' || !FIELD_PATH.test(field))
    .map((field) => `front matter field ${JSON.stringify(field)} is not a data path`);
  const duplicates = fields.filter((field, i) => fields.indexOf(field) !== i);
  if (duplicates.length > 0) problems.push(`front matter lists ${duplicates.join(', ')} more than once`);
  return problems;
}

/** A message template's front matter: `fields`, and `subject` for email only. */
export function splitFrontMatter(text: string, email: boolean): { meta?: FrontMatter; source: string; problems: string[] } {
  const { raw, source, problems } = splitYamlFrontMatter(text);
  if (!raw) return { source, problems };
  const found = checkMeta(raw as Record<string, unknown>, email);
  return found.length > 0 ? { source, problems: found } : { meta: raw as FrontMatter, source, problems: [] };
}

function checkMeta(meta: Record<string, unknown>, email: boolean): string[] {
  const problems = Object.keys(meta)
    .filter((key) => !KEYS.has(key))
    .map((key) => `front matter has an unknown key "${key}" (allowed: subject, fields)`);
  problems.push(...fieldProblems(meta.fields, '[recipient.name, spoc.phone]'));
  if (email && (typeof meta.subject !== 'string' || meta.subject.trim() === '')) {
    problems.push('an email template needs subject: in its front matter');
  } else if (!email && meta.subject !== undefined) {
    problems.push('only email templates have a subject');
  }
  return problems;
}
