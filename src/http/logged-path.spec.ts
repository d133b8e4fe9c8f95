import { loggedPath } from './logged-path.js';

describe('the path as logged', () => {
  it('never shows the secret of a public link', () => {
    expect(loggedPath('/p/surveys/Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg_abc123')).toBe('/p/surveys/:token');
    expect(loggedPath('/p/unsubscribe/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e.abcdefghijklmnopqrstuvwxyzABCDEF')).toBe('/p/unsubscribe/:token');
    expect(loggedPath('/p/subscribe/confirm/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e.abcdefghijklmnopqrstuvwxyzABCDEF?x=1')).toBe('/p/subscribe/confirm/:token');
  });

  it('keeps ordinary paths and drops query strings', () => {
    expect(loggedPath('/p/subscribe')).toBe('/p/subscribe');
    expect(loggedPath('/v1/cases/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e?name=Jane')).toBe('/v1/cases/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e');
  });
});
