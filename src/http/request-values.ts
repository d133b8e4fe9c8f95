import type { FieldProblem } from './input-error.js';

/** How deep a request's JSON may nest: the deepest DTO here is 4 levels; 32 leaves room for `data`. */
export const MAX_DEPTH = 32;

/**
 * Keys that name the prototype machinery of a JavaScript object. Refused rather than dropped: a
 * client that sends them has a bug (or is probing), and silently ignoring a field hides both.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A UTF-16 surrogate that is not half of a pair (`\ud800`): no text encoding can store it. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL: nobody types them,
 * no letter can print them, and no text message or email shows them.
 */
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

type Fault = 'noNulCharacter' | 'wellFormedUnicode' | 'noControlCharacter';

/**
 * Why a string cannot be stored (PostgreSQL text and jsonb hold neither NUL nor a lone surrogate)
 * or used (`controls`: a control character, in what people type).
 */
export function stringFault(text: string, controls = false): Fault | null {
  if (text.includes('\u0000')) return 'noNulCharacter';
  if (LONE_SURROGATE.test(text)) return 'wellFormedUnicode';
  if (controls && CONTROL.test(text)) return 'noControlCharacter';
  return null;
}

const FAULT_WORDS = {
  noNulCharacter: 'must not contain a NUL character (\\u0000)',
  wellFormedUnicode: 'must be well-formed Unicode (it has a lone UTF-16 surrogate)',
  noControlCharacter: 'must not contain control characters (U+0001 to U+001F other than tab and new line, or U+007F)',
} as const;

/** `victim.address[0]`: the same path for a problem found here as for one found by a DTO check. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** The problem with a string value at `field`, if it has one. */
export function stringProblem(field: string, text: string, controls = false): FieldProblem | null {
  const fault = stringFault(text, controls);
  return fault ? { field, rule: fault, message: `${field} ${FAULT_WORDS[fault]}` } : null;
}

/**
 * The first thing in a parsed request value (a JSON or form body, a query string) that no route
 * may accept, named by its path: nesting deeper than MAX_DEPTH, a key that names the prototype
 * machinery, a string (value or key) with NUL or a lone surrogate, and with `controls` a control
 * character (for what people type; a provider's webhook is taken as it comes). Iterative, so any
 * depth is safe to inspect. Values are never quoted in the message: they may be personal data.
 */
export function findUnsafeValue(value: unknown, where = 'the request body', controls = false): FieldProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = stringProblem(path || where, current, controls);
      if (problem) return problem;
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > MAX_DEPTH) {
      return { field: path || where, rule: 'maxDepth', message: `${path || where} is nested too deeply: at most ${MAX_DEPTH} levels of objects and lists` };
    }
    if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: fieldPath(path, i), depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(current)) {
      if (FORBIDDEN_KEYS.has(key)) {
        const field = fieldPath(path, key);
        return { field, rule: 'forbiddenKey', message: `${field} is not allowed: __proto__, constructor and prototype are never field names` };
      }
      if (stringFault(key)) {
        const field = path || where;
        return { field, rule: 'fieldName', message: `A field name in ${field} ${FAULT_WORDS[stringFault(key)!]}` };
      }
      stack.push({ value: (current as Record<string, unknown>)[key], path: fieldPath(path, key), depth: depth + 1 });
    }
  }
  return null;
}
