import Handlebars from 'handlebars';
import { compileFields, findMissing, indexPaths, missingParents, missingPathOf, type FieldCheck, type PathIndex } from './field-paths.js';
import { checkReferences, compileNow, type Compiled, type EnvKind } from './handlebars-env.js';
import { loadTemplateSet, type LoadedTemplate, type TemplateSet } from './template-loader.js';
import { plainTextToHtml, tidyLetter, tidyText } from './text-output.js';
import {
  MissingFieldError,
  TemplateError,
  type Purpose,
  type RenderOptions,
  type Rendered,
  type TemplateChannel,
  type TemplateInfo,
} from './template-types.js';

export { CHANNELS, PURPOSES, MissingFieldError, TemplateError } from './template-types.js';
export type { Purpose, RenderOptions, Rendered, TemplateChannel, TemplateInfo } from './template-types.js';

type Data = Record<string, unknown>;

interface Entry {
  template: LoadedTemplate;
  checks: FieldCheck[];
}

const NO_ORGANISATION = Object.freeze({});
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Every message the partnership sends, loaded and checked once at start-up (see templates/README.md).
 * Rendering checks the template's declared fields first, so that a message is never sent with a
 * gap in it; Handlebars' strict mode then catches anything used but not declared.
 */
export class TemplateCatalogue {
  private readonly entries = new Map<string, Entry>();

  private constructor(private readonly set: TemplateSet) {
    for (const template of set.templates) {
      const { channel, purpose, discreet } = template.info;
      this.entries.set(key(channel, purpose, discreet), { template, checks: compileFields(template.info.fields) });
    }
  }

  /** Throws TemplateError naming every file with a problem, so a bad template stops the service starting. */
  static load(dir: string): TemplateCatalogue {
    return new TemplateCatalogue(loadTemplateSet(dir));
  }

  list(): TemplateInfo[] {
    return [...this.entries.values()].map(({ template: { info } }) => ({ ...info, fields: [...info.fields] }));
  }

  render(channel: TemplateChannel, purpose: Purpose, data: unknown, options: RenderOptions = {}): Rendered {
    const entry = this.entries.get(key(channel, purpose, options.discreet === true));
    if (!entry) throw new TemplateError([`there is no ${channel} template for "${purpose}"`]);
    const { template } = entry;
    const missing = findMissing(data, entry.checks);
    if (missing.length > 0) throw new MissingFieldError(missing, template.file);
    try {
      return this.run(channel, template.info.discreet, data as Data, template.body, template.text, template.subject);
    } catch (error) {
      throw explain(error, data, template.indexes, template.file);
    }
  }

  /**
   * Previews free text an officer typed (plain text with Handlebars fields, not HTML), rendered as
   * the channel would send it: in an email the text is escaped, paragraphs kept, and the layout added.
   */
  renderBody(channel: TemplateChannel, source: string, data: unknown, options: { subject?: string } = {}): Rendered {
    const file = 'the free text';
    const kind: EnvKind = channel === 'email' ? 'text' : channel;
    const body = this.compileFreeText(file, kind, source);
    const subject = channel === 'email' ? this.compileFreeText('the subject', 'text', options.subject ?? '') : undefined;
    // Fields used outside any block must be filled in, as a declared field would be.
    const used = [...topLevelPaths(body.ast), ...(subject ? topLevelPaths(subject.ast) : [])];
    const missing = findMissing(data, compileFields([...new Set(used)]));
    if (missing.length > 0) throw new MissingFieldError(missing, file);

    const indexes = [indexPaths(body.ast), ...(subject ? [indexPaths(subject.ast)] : []), this.set.layout.index];
    try {
      if (channel !== 'email') return this.run(channel, false, data as Data, body.compiled);
      // The text part runs first: its source is the officer's own, so error locations match it.
      const text = body.compiled(data);
      const html = compileNow(this.set.outputs.html.env, 'html', plainTextToHtml(source));
      return this.run(channel, false, data as Data, html, () => text, subject!.compiled);
    } catch (error) {
      throw explain(error, data, [...indexes, ...this.set.outputs[kind].partialIndexes], file);
    }
  }

  private run(channel: TemplateChannel, discreet: boolean, data: Data, body: Compiled, text?: Compiled, subjectOf?: Compiled): Rendered {
    if (channel === 'sms') return { channel, text: tidyText(body(data)) };
    if (channel === 'letter') return { channel, body: tidyLetter(body(data)) };
    const subject = oneLine(subjectOf!(data));
    const organisation = data?.organisation ?? NO_ORGANISATION;
    const { layout } = this.set;
    const html = layout.html({ body: body(data), subject, discreet, organisation });
    const plain = tidyText(layout.text({ body: text!(data), subject, discreet, organisation }));
    return { channel, subject, html, text: plain };
  }

  private compileFreeText(file: string, kind: EnvKind, source: string): { ast: hbs.AST.Program; compiled: Compiled } {
    const output = this.set.outputs[kind];
    try {
      const ast = Handlebars.parse(source);
      const problems = checkReferences(ast, output.partials);
      if (problems.length > 0) throw new Error(problems.join('; '));
      return { ast, compiled: compileNow(output.env, kind, source) };
    } catch (error) {
      throw error instanceof TemplateError ? error : new TemplateError([`${file}: ${(error as Error).message.trim()}`]);
    }
  }
}

const key = (channel: string, purpose: string, discreet: boolean): string => `${channel}/${purpose}${discreet ? '.discreet' : ''}`;

/** Turns Handlebars' strict-mode error into a MissingFieldError naming the data path. */
function explain(error: unknown, data: unknown, indexes: PathIndex[], file: string): unknown {
  const path = missingPathOf(error, indexes);
  if (path) return new MissingFieldError([path], file);
  if (error instanceof TypeError) {
    const parents = missingParents(error, data, indexes);
    if (parents.length > 0) return new MissingFieldError(parents, file);
  }
  return error;
}

/** `{{a.b}}` written directly in the text, not inside `{{#if}}`, `{{#each}}` or a helper call. */
function topLevelPaths(ast: hbs.AST.Program): string[] {
  return ast.body.flatMap((node) => {
    if (node.type !== 'MustacheStatement') return [];
    const { path, params, hash } = node as hbs.AST.MustacheStatement;
    if (params.length > 0 || (hash?.pairs.length ?? 0) > 0 || path.type !== 'PathExpression') return [];
    const expression = path as hbs.AST.PathExpression;
    return expression.data || expression.depth > 0 || expression.parts.length === 0 ? [] : [expression.parts.join('.')];
  });
}
