import { parse as parseYaml } from 'yaml';
import { FIELD_PATH } from '../../templates/front-matter.js';

/** Email templates have a `subject`, leaflets and posters a `title`; every template lists its `fields`. */
export type HeaderKey = 'subject' | 'title';

export interface CommunityFrontMatter {
  fields: string[];
  subject?: string;
  title?: string;
}

/**
 * Splits a community template into its YAML front matter and Handlebars source. As in the
 * message templates, the front matter becomes a comment over the same lines so that Handlebars'
 * line numbers still match the file. Returns problems rather than throwing, to report them all.
 */
export function readFrontMatter(text: string, header?: HeaderKey): { meta?: CommunityFrontMatter; source: string; problems: string[] } {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  if (lines[0] !== '---') return { source: lines.join('\n'), problems: ['has no front matter: start the file with a --- line'] };
  const end = lines.indexOf('---', 1);
  if (end < 0) return { source: lines.join('\n'), problems: ['front matter is not closed by a --- line'] };
  const source = `{{!--${'\n'.repeat(end)}--}}\n${lines.slice(end + 1).join('\n')}`;

  let raw: unknown;
  try {
    raw = parseYaml(lines.slice(1, end).join('\n'));
  } catch (error) {
    return { source, problems: [`front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { source, problems: ['front matter must be a YAML mapping with fields:'] };
  const meta = raw as Record<string, unknown>;
  const allowed = ['fields', ...(header ? [header] : [])];
  const problems = Object.keys(meta)
    .filter((key) => !allowed.includes(key))
    .map((key) => `front matter has an unknown key "${key}" (allowed here: ${allowed.join(', ')})`);
  const fields = meta.fields;
  if (!Array.isArray(fields)) problems.push('front matter needs fields: a list of data paths such as [headline, summary]');
  else {
    for (const field of fields) if (typeof field !== 'string' || !FIELD_PATH.test(field)) problems.push(`front matter field ${JSON.stringify(field)} is not a data path`);
  }
  if (header && (typeof meta[header] !== 'string' || (meta[header] as string).trim() === '')) problems.push(`front matter needs ${header}:`);
  return problems.length > 0 ? { source, problems } : { meta: meta as unknown as CommunityFrontMatter, source, problems };
}
