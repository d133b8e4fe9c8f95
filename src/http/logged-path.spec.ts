import { loggedPath } from './logged-path.js';

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg_abc123';
const LINK = `0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e.${'abcdefghijklmnopqrstuvwxyzABCDEF'}`;

describe('the path as logged', () => {
  it('never shows the secret of a public link', () => {
    expect(loggedPath(`/p/surveys/${TOKEN}`)).toBe('/p/surveys/:token');
    expect(loggedPath(`/p/unsubscribe/${LINK}`)).toBe('/p/unsubscribe/:token');
    expect(loggedPath(`/p/subscribe/confirm/${LINK}?x=1`)).toBe('/p/subscribe/confirm/:token');
  });

  it.each([
    [`/p/surveys/${TOKEN}/`, '/p/surveys/:token'],
    [`/p/subscribe/confirm/${LINK}/`, '/p/subscribe/confirm/:token'],
    [`/p/unsubscribe/${LINK}/`, '/p/unsubscribe/:token'],
    [`/p/unsubscribe/${LINK}//`, '/p/unsubscribe/:token'],
    [`/p/surveys/${TOKEN}/extra`, '/p/surveys/:token'],
    [`/p/surveys/short`, '/p/surveys/:token'],
    [`/P/Surveys/${TOKEN}`, '/p/surveys/:token'],
    [`//p//surveys/${TOKEN}`, '/p/surveys/:token'],
    [`/p/x/../surveys/${TOKEN}`, '/p/surveys/:token'],
    [`/p/./unsubscribe/${LINK}`, '/p/unsubscribe/:token'],
    [`/p/surveys%2F${TOKEN}`, '/p/surveys/:token'],
    [`/%70/surveys/${TOKEN}`, '/p/surveys/:token'],
    [`/p/surveys/${TOKEN}%2F`, '/p/surveys/:token'],
    [`/p/surveys%252F${TOKEN}`, '/p/surveys/:token'],
    [`/p/surveys/${TOKEN}%3Fa%3D1`, '/p/surveys/:token'],
    [`/p/surveys/${TOKEN}?utm_source=sms`, '/p/surveys/:token'],
    [`/p/surveys/${TOKEN}#answer`, '/p/surveys/:token'],
    [`/p/surveys/${TOKEN};jsessionid=1`, '/p/surveys/:token'],
    [`/p/surveys/%E0%A4%A${TOKEN}`, '/p/surveys/:token'],
    [`/p\\surveys\\${TOKEN}`, '/p/surveys/:token'],
    [`http://localhost:3000/p/surveys/${TOKEN}/`, '/p/surveys/:token'],
    [`/p/surveyz/${TOKEN}`, '/p/:unrecognised'],
    [`/p/%2e%2e/surveys/${TOKEN}`, '/p/:unrecognised'],
    [`/p/%2E%2E/x/${TOKEN}`, '/p/:unrecognised'],
    [`/P/../../${TOKEN}`, '/p/:unrecognised'],
  ])('recognises the route, not the last segment: %s', (url, logged) => {
    expect(loggedPath(url)).toBe(logged);
    expect(loggedPath(url)).not.toContain(TOKEN.slice(0, 12));
  });

  it('keeps ordinary paths and drops query strings', () => {
    expect(loggedPath('/p/subscribe')).toBe('/p/subscribe');
    expect(loggedPath('/p/subscribe/?postcode=NN1%203AB')).toBe('/p/subscribe/');
    expect(loggedPath('/v1/cases/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e?name=Jane')).toBe('/v1/cases/0b6f6a8e-5b1e-4c1a-9d7e-1f2a3b4c5d6e');
    expect(loggedPath('/health')).toBe('/health');
  });
});
