import { findUnsafeValue, MAX_DEPTH, stringFault } from './request-values.js';

const nested = (depth: number): unknown => (depth === 0 ? 'leaf' : { a: nested(depth - 1) });

describe('what no request may hold', () => {
  it('finds NUL and lone surrogates, and passes paired surrogates and other text', () => {
    expect(stringFault('a\u0000b')).toBe('noNulCharacter');
    expect(stringFault('\ud800@example.com')).toBe('wellFormedUnicode');
    expect(stringFault('x\udfff')).toBe('wellFormedUnicode');
    expect(stringFault('Siân 😀 \u202E')).toBeNull();
  });

  it('names the path of the bad value, in lists and objects', () => {
    expect(findUnsafeValue({ victim: { address: ['12 Acacia Avenue', 'a\u0000'] } })).toMatchObject({ field: 'victim.address[1]', rule: 'noNulCharacter' });
    expect(findUnsafeValue({ answers: { 'x\ud800': true } })).toMatchObject({ field: 'answers', rule: 'fieldName' });
    expect(findUnsafeValue({ a: [{ constructor: 1 }] })).toMatchObject({ field: 'a[0].constructor', rule: 'forbiddenKey' });
    expect(findUnsafeValue(JSON.parse('{"__proto__":{"admin":true}}'))).toMatchObject({ field: '__proto__', rule: 'forbiddenKey' });
    expect(findUnsafeValue('a\u0000', 'the query string')).toMatchObject({ field: 'the query string' });
  });

  it(`allows ${MAX_DEPTH} levels of nesting and refuses one more, at any depth without overflowing`, () => {
    expect(findUnsafeValue(nested(MAX_DEPTH))).toBeNull();
    expect(findUnsafeValue(nested(MAX_DEPTH + 1))).toMatchObject({ rule: 'maxDepth' });
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnsafeValue(deep)).toMatchObject({ rule: 'maxDepth' });
  });

  it('never quotes the value in its message', () => {
    const problem = findUnsafeValue({ name: 'Jane Doe\u0000' });
    expect(problem?.message).not.toContain('Jane');
  });
});
