import { fieldProblems, splitYamlFrontMatter } from '../../templates/front-matter.js';

/** Email templates have a `subject`, leaflets and posters a `title`; every template lists its `fields`. */
export type HeaderKey = 'subject' | 'title';

export interface CommunityFrontMatter {
  fields: string[];
  subject?: string;
  title?: string;
}

/** A community template's front matter: `fields`, and its `subject` or `title` where it has one. */
export function readFrontMatter(text: string, header?: HeaderKey): { meta?: CommunityFrontMatter; source: string; problems: string[] } {
  const { raw, source, problems: split } = splitYamlFrontMatter(text);
  if (!raw) return { source, problems: split };
  const meta = raw as Record<string, unknown>;
  const allowed = ['fields', ...(header ? [header] : [])];
  const problems = Object.keys(meta)
    .filter((key) => !allowed.includes(key))
    .map((key) => `front matter has an unknown key "${key}" (allowed here: ${allowed.join(', ')})`);
  problems.push(...fieldProblems(meta.fields, '[headline, summary]'));
  if (header && (typeof meta[header] !== 'string' || (meta[header] as string).trim() === '')) problems.push(`front matter needs ${header}:`);
  return problems.length > 0 ? { source, problems } : { meta: meta as unknown as CommunityFrontMatter, source, problems };
}
