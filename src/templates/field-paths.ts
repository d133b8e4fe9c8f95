import Handlebars from 'handlebars';

type Node = hbs.AST.Node;
type Path = hbs.AST.PathExpression;
/** What mustaches, sub-expressions and blocks have in common. */
type Call = { path: hbs.AST.Expression; params: hbs.AST.Expression[]; hash?: hbs.AST.Hash };

/** A declared field, split once at load so that checking it is a plain walk. */
export interface FieldCheck {
  path: string;
  parts: string[];
  hasList: boolean;
}

export function compileFields(fields: readonly string[]): FieldCheck[] {
  return fields.map((path) => ({ path, parts: path.replace(/\[\]/g, '.[]').split('.'), hasList: path.includes('[]') }));
}

const NOT_BLANK = /\S/;

/** Missing means undefined, null, a blank string or an empty list. */
function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return !NOT_BLANK.test(value);
  return Array.isArray(value) && value.length === 0;
}

// Plain property access: the paths come from our own front matter, never from the data.
const child = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/** Every declared field that `data` lacks, named by its path (list items by index: `a.items[1].b`). */
export function findMissing(data: unknown, checks: readonly FieldCheck[]): string[] {
  let missing: string[] | undefined;
  for (let c = 0; c < checks.length; c++) {
    const check = checks[c];
    if (check.hasList) {
      walkList(data, check.parts, 0, '', (missing ??= []));
      continue;
    }
    let value = data;
    const parts = check.parts;
    for (let i = 0; i < parts.length && value !== undefined; i++) value = child(value, parts[i]);
    if (isBlank(value)) (missing ??= []).push(check.path);
  }
  return missing ?? [];
}

function walkList(value: unknown, parts: string[], from: number, prefix: string, out: string[]): void {
  let path = prefix;
  for (let i = from; i < parts.length; i++) {
    if (parts[i] !== '[]') {
      value = child(value, parts[i]);
      path = path ? `${path}.${parts[i]}` : parts[i];
      continue;
    }
    if (!Array.isArray(value) || value.length === 0) {
      out.push(path);
      return;
    }
    value.forEach((item, n) => walkList(item, parts, i + 1, `${path}[${n}]`, out));
    return;
  }
  if (isBlank(value)) out.push(path);
}

/**
 * Where each data path appears in one Handlebars source, keyed `line:column`, with paths inside
 * `{{#each}}` and `{{#with}}` written from the top of the data (`actionPlan.actions[].who`).
 * Handlebars' strict mode reports only the last name and a location; this turns that back into a path.
 */
export type PathIndex = Map<string, string>;

export function indexPaths(ast: hbs.AST.Program): PathIndex {
  const index: PathIndex = new Map();
  // Each entry is the path of the context one `each`/`with` deeper; '' is the top of the data.
  const visit = (node: Node | undefined | null, frames: string[]): void => {
    if (!node) return;
    if (node.type === 'Program') {
      for (const statement of (node as hbs.AST.Program).body) visit(statement, frames);
      return;
    }
    if (node.type !== 'MustacheStatement' && node.type !== 'SubExpression' && node.type !== 'BlockStatement') return;
    const call = node as unknown as Call;
    const args = [...call.params, ...(call.hash?.pairs.map((pair) => pair.value) ?? [])];
    if (args.length === 0 && node.type !== 'BlockStatement') record(call.path, frames);
    for (const arg of args) {
      if (arg.type === 'PathExpression') record(arg, frames);
      else visit(arg, frames);
    }
    if (node.type === 'BlockStatement') {
      const block = node as hbs.AST.BlockStatement;
      const helper = (block.path as Path).original;
      const first = block.params[0];
      let inner = frames;
      if (first?.type === 'PathExpression' && (helper === 'each' || helper === 'with')) {
        inner = [...frames, resolve(first as Path, frames) + (helper === 'each' ? '[]' : '')];
      }
      visit(block.program, inner);
      visit(block.inverse, frames);
    }
  };
  const record = (path: hbs.AST.Expression, frames: string[]): void => {
    if (path.type !== 'PathExpression' || !path.loc) return;
    const resolved = resolve(path as Path, frames);
    if (resolved) index.set(`${path.loc.start.line}:${path.loc.start.column}`, resolved);
  };
  visit(ast, ['']);
  return index;
}

/** `../x` climbs out of the enclosing `each`/`with`; `@root.x` starts from the top. */
function resolve(path: Path, frames: string[]): string {
  if (path.data) return path.parts[0] === 'root' ? path.parts.slice(1).join('.') : '';
  const base = frames[Math.max(0, frames.length - 1 - path.depth)];
  return [base, ...path.parts].filter(Boolean).join('.');
}

/**
 * Helper arguments such as `{{#if a.b}}` are not checked by strict mode, so a missing `a` surfaces
 * as JavaScript's "Cannot read properties of undefined (reading 'b')". This names `a`: the parent
 * of each indexed path ending in `.b` that `data` lacks.
 */
export function missingParents(error: TypeError, data: unknown, sources: readonly PathIndex[]): string[] {
  const name = /\(reading '([^']+)'\)/.exec(error.message)?.[1];
  if (!name) return [];
  const missing = new Set<string>();
  for (const index of sources) {
    for (const path of index.values()) {
      if (path.includes('[]') || !path.endsWith(`.${name}`)) continue;
      const parts = path.split('.');
      let value = data;
      for (let i = 0; i < parts.length - 1; i++) {
        value = child(value, parts[i]);
        if (value === undefined || value === null) {
          missing.add(parts.slice(0, i + 1).join('.'));
          break;
        }
      }
    }
  }
  return [...missing];
}

const STRICT_MISS = /^"([^"]+)" not defined in /;

/**
 * Turns an error thrown while running a template into the data path it was looking for, or
 * undefined if it was some other failure. `sources` are the indexes of every source involved
 * (template, layout, partials) since the location alone does not say which one threw.
 */
export function missingPathOf(error: unknown, sources: readonly PathIndex[]): string | undefined {
  if (!(error instanceof Handlebars.Exception)) return undefined;
  const exception = error as Error & { lineNumber?: number; column?: number };
  const name = STRICT_MISS.exec(exception.message)?.[1];
  if (!name) return undefined;
  const key = `${exception.lineNumber}:${exception.column}`;
  for (const index of sources) {
    const path = index.get(key);
    if (path !== undefined && (path === name || path.endsWith(`.${name}`))) return path;
  }
  return name;
}
