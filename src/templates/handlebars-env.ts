import Handlebars from 'handlebars';

/** One Handlebars environment per output: its own partials, escaping and helpers. */
export type EnvKind = 'sms' | 'letter' | 'html' | 'text';
export type Env = typeof Handlebars;
export type Compiled = HandlebarsTemplateDelegate;

const HELPERS = ['eq', 'paragraphs'];
// Handlebars' own helpers, less `log` (it writes to the console).
const BUILT_IN = ['if', 'unless', 'each', 'with', 'lookup'];

export function createEnv(kind: EnvKind): Env {
  const env = Handlebars.create();
  env.unregisterHelper('log');
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('paragraphs', kind === 'html' ? htmlParagraphs : plainParagraphs);
  return env;
}

/** `{{paragraphs text}}`: officers' free text, whose blank lines start new paragraphs. */
function htmlParagraphs(text: unknown): Handlebars.SafeString {
  const paragraphs = String(text ?? '').replace(/\r\n?/g, '\n').trim().split(/\n[ \t]*\n\s*/);
  const html = paragraphs
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${Handlebars.escapeExpression(paragraph).replace(/\n/g, '<br>\n')}</p>`);
  return new Handlebars.SafeString(html.join('\n'));
}

const plainParagraphs = (text: unknown): string => String(text ?? '').replace(/\r\n?/g, '\n').trim();

const options = (kind: EnvKind): PrecompileOptions => ({
  strict: true,
  noEscape: kind !== 'html',
  knownHelpers: { log: false, eq: true, paragraphs: true },
  knownHelpersOnly: true,
});

/**
 * Compiles now rather than on first use (Handlebars' `compile` is lazy), so that every problem
 * shows at start-up. `precompile` + `template` is the documented route for precompiled templates.
 */
export function compileNow(env: Env, kind: EnvKind, source: string): Compiled {
  const spec = env.precompile(source, options(kind)) as unknown as string;
  return env.template(new Function(`return ${spec}`)());
}

/**
 * Problems Handlebars itself would only find while rendering: partials that do not exist for
 * this output, names built at run time, and helpers we do not have.
 */
export function checkReferences(ast: hbs.AST.Program, partials: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const visit = (node: hbs.AST.Node | null | undefined): void => {
    if (!node) return;
    switch (node.type) {
      case 'Program':
        (node as hbs.AST.Program).body.forEach(visit);
        return;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement;
        const name = partial.name.type === 'PathExpression' ? (partial.name as hbs.AST.PathExpression).original : undefined;
        if (name === undefined) problems.push(`line ${node.loc.start.line}: partial names must be written out, not computed`);
        else if (!partials.has(name)) problems.push(`line ${node.loc.start.line}: the partial "${name}" does not exist (templates/partials/${name}.hbs)`);
        if (node.type === 'PartialBlockStatement') visit((node as hbs.AST.PartialBlockStatement).program);
        return;
      }
      case 'MustacheStatement':
      case 'SubExpression':
      case 'BlockStatement': {
        const call = node as hbs.AST.BlockStatement;
        const isCall = call.params.length > 0 || (call.hash?.pairs.length ?? 0) > 0;
        const name = call.path.type === 'PathExpression' ? (call.path as hbs.AST.PathExpression).original : '';
        if ((isCall || node.type === 'SubExpression') && !HELPERS.includes(name) && !BUILT_IN.includes(name)) {
          problems.push(`line ${node.loc.start.line}: there is no helper "${name}" (helpers: ${[...BUILT_IN, ...HELPERS].join(', ')})`);
        }
        call.params.forEach(visit);
        call.hash?.pairs.forEach((pair) => visit(pair.value));
        visit(call.program);
        visit(call.inverse);
        return;
      }
      default:
        return;
    }
  };
  visit(ast);
  return problems;
}
