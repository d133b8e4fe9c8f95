/**
 * Malformed requests made from the service's own OpenAPI document: each starts as a plausible
 * request for its route (a body built from the schema, ids of real records) and then has one thing
 * broken in it, the kinds issue 10 found and more. Seeded, so a failure can be replayed.
 */

type Schema = {
  $ref?: string; type?: string; enum?: unknown[]; format?: string; example?: unknown; items?: Schema;
  properties?: Record<string, Schema>; required?: string[]; maximum?: number;
};
interface Parameter { name: string; in: string; schema?: Schema; required?: boolean }
interface Operation { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }
export interface OpenApi { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } }

export interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** The media type the route takes (JSON unless it says otherwise). */
  type: string;
}

export interface FuzzRequest {
  method: Route['method'];
  route: string;
  url: string;
  key: string | null;
  /** A JS value sent as JSON, or a string sent with `contentType` as it is. */
  body?: unknown;
  contentType?: string;
  mutation: string;
}

/** Routes the document leaves out on purpose (public pages, Twilio's webhooks), taken as forms. */
const HIDDEN: Route[] = [
  ...['/p/surveys/{token}', '/p/s/{token}', '/p/unsubscribe/{token}', '/p/subscribe/confirm/{token}'].flatMap((path) => [
    { method: 'get' as const, path, parameters: [{ name: 'token', in: 'path' }], type: 'application/x-www-form-urlencoded' },
    {
      method: 'post' as const, path, parameters: [{ name: 'token', in: 'path' }], type: 'application/x-www-form-urlencoded',
      body: { type: 'object', properties: { overall: { type: 'string', example: '4' }, keptInformed: { type: 'string', example: '3' }, comment: { type: 'string', example: 'Thank you' } } },
    },
  ]),
  { method: 'get', path: '/p/subscribe', parameters: [], type: 'application/x-www-form-urlencoded' },
  ...['/v1/webhooks/twilio/status', '/v1/webhooks/twilio/inbound'].map((path) => ({
    method: 'post' as const, path, parameters: [], type: 'application/x-www-form-urlencoded',
    body: { type: 'object', properties: { MessageSid: { type: 'string', example: 'SM0123' }, MessageStatus: { type: 'string', example: 'delivered' }, From: { type: 'string', example: '+447911123456' }, Body: { type: 'string', example: 'STOP' } } },
  })),
];

export function routesOf(doc: OpenApi): Route[] {
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const content = op.requestBody?.content ?? {};
      const type = Object.keys(content)[0] ?? 'application/json';
      routes.push({ method: method as Route['method'], path, parameters: (op.parameters ?? []).filter((p) => p.in !== 'header'), body: content[type]?.schema, type });
    }
  }
  return [...routes, ...HIDDEN];
}

/** mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Stands for a value nested 5,000 levels deep, written into the JSON text as it is sent. */
export const DEEP = '\u0001deep';
export const DEEP_JSON = '['.repeat(2500) + '{"a":'.repeat(2500) + '1' + '}'.repeat(2500) + ']'.repeat(2500);

const nest = (depth: number): unknown => (depth === 0 ? 'deep' : depth % 2 ? [nest(depth - 1)] : { a: nest(depth - 1) });

/** Values that broke something somewhere, or could: each replaces one field. */
export const HOSTILE: [string, unknown][] = [
  ['null', null], ['empty list', []], ['list in a list', [[]]], ['empty object', {}], ['empty text', ''], ['spaces', '   '],
  ['NUL', 'a\u0000b'], ['lone surrogate', '\ud800@example.com'], ['low surrogate', 'x\udfff'], ['huge number', 1e20], ['negative', -1],
  ['fraction', 1.5], ['zero', 0], ['NaN text', 'NaN'], ['number text', '1e20'], ['true', true], ['false', false],
  ['far future', '9999-12-31'], ['year one', '0001-01-01T00:00:00Z'], ['bad date', '2026-02-30'], ['long text', 'x'.repeat(30_000)],
  ['handlebars', 'Hello {{name}'], ['handlebars block', '{{#each x}}'], ['partial', '{{> nothing}}'], ['markup', '<script>alert(1)</script>'],
  ['nested 5,000 deep', DEEP], ['emoji', '😀 Jane'], ['right-to-left', '\u202Eevil'], ['deep', nest(40)], ['object with __proto__', JSON.parse('{"__proto__":{"x":1}}')],
  ['object with constructor', { constructor: { prototype: 1 } }], ['uuid of nothing', '0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e'], ['not a uuid', 'not-a-uuid'],
  ['huge list', Array.from({ length: 2000 }, () => 'x')], ['SQL', "'; DROP TABLE cases; --"], ['big integer', 2_147_483_648], ['unsafe integer', 2 ** 60],
];

const QUERY_HOSTILE = ['1e20', '-1', '99999999999', 'a%00b', '%ED%A0%80', 'NaN', '', '2026-13-45', '__proto__', 'x'.repeat(3000), '%F0%9F%98%80', '1.5'];
const PATH_HOSTILE = ['not-a-uuid', '0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e', 'a%00b', '%ED%A0%80', '..%2F..%2Fetc', 'x'.repeat(500), '00000000-0000-0000-0000-000000000000', '%F0%9F%98%80'];

export interface FuzzContext {
  doc: OpenApi;
  /** API keys, and null for none. */
  keys: (string | null)[];
  /** Real ids by path parameter, per path prefix (e.g. '/v1/cases' → id → a case). */
  ids: (path: string, param: string) => string[];
  /** Real ids for body fields ending in Id. */
  anyIds: string[];
}

export class FuzzRequests {
  private readonly next: () => number;
  /** Per route, the keys it answered without 401/403: most requests use one, to get past the guard. */
  private readonly admitted = new Map<string, Set<string | null>>();
  constructor(
    private readonly context: FuzzContext,
    seed: number,
  ) {
    this.next = random(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  private resolve(schema: Schema): Schema {
    return schema.$ref ? this.context.doc.components.schemas[schema.$ref.split('/').pop()!] : schema;
  }

  /** A plausible value for a schema: its example or enum, a real id for an id. */
  plausible(schema: Schema, name = '', depth = 0): unknown {
    const s = this.resolve(schema);
    if (s.enum) return this.pick(s.enum);
    if (s.example !== undefined && this.next() < 0.8) return structuredClone(s.example);
    if (s.type === 'array') return depth > 4 ? [] : [this.plausible(s.items ?? {}, name, depth + 1)];
    if (s.type === 'object' || s.properties) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(s.properties ?? {})) {
        if ((s.required ?? []).includes(key) || this.next() < 0.5) out[key] = this.plausible(child, key, depth + 1);
      }
      return out;
    }
    if (s.type === 'integer' || s.type === 'number') return Math.min(s.maximum ?? 5, 5);
    if (s.type === 'boolean') return this.next() < 0.5;
    if (/Ids?$/.test(name) && this.context.anyIds.length) return this.pick(this.context.anyIds);
    if (/email/i.test(name)) return 'resident@example.com';
    if (/phone|from/i.test(name)) return '07911 123456';
    if (/postcode/i.test(name)) return 'NN1 3AB';
    if (/At$|^at$/.test(name)) return '2026-11-20T10:00:00Z';
    if (/date|by$/i.test(name)) return '2026-12-18';
    return 'Some words';
  }

  /** Every leaf path of a value, to break one of them. */
  private paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    if (prefix.length) out.push(prefix);
    if (Array.isArray(value)) value.forEach((v, i) => this.paths(v, [...prefix, i], out));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) this.paths(v, [...prefix, k], out);
    return out;
  }

  private setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): void {
    let at = root as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (remove) delete at[last];
    else at[last] = value;
  }

  private pathValue(route: Route, param: Parameter): string {
    const real = this.context.ids(route.path, param.name);
    if (real.length && this.next() < 0.6) return this.pick(real);
    return this.pick(PATH_HOSTILE);
  }

  /** Tells the generator how a request was answered. */
  learn(request: FuzzRequest, status: number): void {
    if (status === 401 || status === 403) return;
    const keys = this.admitted.get(request.route) ?? new Set();
    this.admitted.set(request.route, keys.add(request.key));
  }

  request(route: Route): FuzzRequest {
    const admitted = [...(this.admitted.get(`${route.method.toUpperCase()} ${route.path}`) ?? [])];
    const key = admitted.length && this.next() < 0.75 ? this.pick(admitted) : this.pick(this.context.keys);
    let mutation = 'none';
    let url = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => this.pathValue(route, route.parameters.find((p) => p.name === name) ?? { name, in: 'path' }));
    if (/%00|%ED|not-a-uuid|0b6f6a8e|x{500}|\.\.|%F0|00000000/.test(url)) mutation = 'path';
    const query: string[] = [];
    for (const param of route.parameters.filter((p) => p.in === 'query')) {
      if (this.next() < 0.3) query.push(`${param.name}=${encodeURIComponent(String(this.plausible(param.schema ?? {}, param.name)))}`);
    }
    const queryNames = route.parameters.filter((p) => p.in === 'query');
    const roll = this.next();
    if (roll < (queryNames.length ? 0.35 : 0.1)) {
      const names = route.parameters.filter((p) => p.in === 'query').map((p) => p.name);
      query.push(`${names.length && this.next() < 0.8 ? this.pick(names) : this.pick(['offset', 'limit', '__proto__', 'constructor', 'x'])}=${this.pick(QUERY_HOSTILE)}`);
      mutation = 'query';
    }
    if (query.length) url += `?${query.join('&')}`;
    let body: unknown = route.body ? this.plausible(route.body) : undefined;
    let contentType = route.type === 'application/json' ? undefined : route.type;
    if (mutation !== 'query') {
      const kind = this.next();
      if (kind < 0.5 && body !== undefined) {
        const paths = this.paths(body);
        const [name, value] = this.pick(HOSTILE);
        if (paths.length && this.next() < 0.85) this.setAt(body, this.pick(paths), structuredClone(value));
        else body = structuredClone(value);
        mutation = `field: ${name}`;
      } else if (kind < 0.6 && body !== undefined) {
        const paths = this.paths(body);
        if (paths.length) this.setAt(body, this.pick(paths), undefined, true);
        mutation = 'field left out';
      } else if (kind < 0.7) {
        const extra = this.pick(['__proto__', 'constructor', 'prototype', 'unknownField', 'a\u0000b']);
        const text = JSON.stringify(body && typeof body === 'object' && !Array.isArray(body) ? body : {});
        body = text === '{}' ? `{"${extra}":{"x":1}}` : text.replace('{', `{"${extra}":{"x":1},`);
        contentType = 'application/json';
        mutation = `key: ${JSON.stringify(extra)}`;
      } else if (kind < 0.78) {
        [contentType, body] = this.pick([
          ['text/plain', 'hello'], ['application/x-www-form-urlencoded', 'a=1&b=%00'], ['application/xml', '<a/>'],
          ['application/json', '{"a":'], ['application/json', '[' .repeat(5000)], ['application/json', 'null'], ['application/json', '"text"'],
          ['application/json; charset=utf-16', '{}'], ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
        ] as [string, string][]);
        mutation = `content type: ${contentType}`;
      } else if (kind < 0.85) {
        body = this.pick([[], {}, null, 'text', 42, [[]], [{}]]);
        mutation = 'whole body';
      } else if (kind < 0.9 && route.method === 'patch') {
        body = this.pick([{}, { needs: null }, { spocOfficerId: null }]);
        mutation = 'empty patch';
      }
    }
    if (body !== undefined && typeof body !== 'string' && JSON.stringify(body)?.includes(JSON.stringify(DEEP))) {
      body = JSON.stringify(body).replace(JSON.stringify(DEEP), DEEP_JSON);
      contentType = 'application/json';
    }
    return { method: route.method, route: `${route.method.toUpperCase()} ${route.path}`, url, key, body, contentType, mutation };
  }
}
