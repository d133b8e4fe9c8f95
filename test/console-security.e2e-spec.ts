import request from 'supertest';
import type { Browser } from 'playwright-core';
import { complaint } from './support/partnership.js';
import type { TestService } from './support/test-service.js';
import { startConsole } from './support/console-browser.js';

type Agent = ReturnType<typeof request.agent>;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

describe('console security', () => {
  let service: TestService;
  let browser: Browser;
  let base: string;
  let policeCase: { id: string; reference: string };
  let officers: { id: string; name: string; email: string; role: string }[];
  const server = () => service.app.getHttpServer();

  /** Signs in as a training person, by name, through the sign-in page. */
  const signInAs = async (name: string): Promise<Agent> => {
    const agent = request.agent(server());
    const page = await agent.get('/sign-in').expect(200);
    const officer = officers.find((o) => o.name === name)!;
    await agent.post('/sign-in/training').type('form').send({ _csrf: csrfOf(page.text), officerId: officer.id, next: '/' }).expect(303);
    return agent;
  };

  beforeAll(async () => {
    ({ service, browser, base } = await startConsole());
    officers = await service.sql('SELECT id, name, email, role FROM officers');
    const alex = service.firstRun!.demoOfficers.find((o) => o.name === 'PC Alex Morgan')!;
    const [police] = await service.sql<{ id: string }>(`SELECT id FROM organisations WHERE code = 'SPOL'`);
    const body = complaint(police.id, { victim: { name: 'Jane Doe', phone: '07911 123456', email: 'jane.doe@example.com', address: ['12 Acacia Avenue', 'Northampton', 'NN1 3AB'] } });
    policeCase = (await service.http().post('/v1/cases').set('Authorization', `Bearer ${alex.apiKey}`).send(body).expect(201)).body;
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows no page without a session: every page goes to sign in and back, and a form writes nothing', async () => {
    for (const path of ['/', `/cases/${policeCase.id}`, '/find-a-case?reference=2026-000001', '/log-a-complaint', '/training']) {
      const res = await request(server()).get(path).expect(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
    const res = await request(server()).post(`/cases/${policeCase.id}/close`).type('form').send({ outcome: 'x', reason: 'y', returnTo: `/cases/${policeCase.id}` }).expect(303);
    expect(res.headers.location).toMatch(/^\/sign-in\?next=/);
    const [c] = await service.sql<{ status: string }>('SELECT status FROM cases WHERE id = $1', [policeCase.id]);
    expect(c.status).toBe('open');
    // The browser: the same redirect, to a page that works (the sign-in form).
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/cases/${policeCase.id}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.close();
  });

  it("shows another organisation's case as a 404 page, naming nothing of it", async () => {
    const jordan = await signInAs('Jordan Ellis');
    const res = await jordan.get(`/cases/${policeCase.id}`).expect(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('Jane Doe');
    expect(res.text).not.toContain(policeCase.reference);
    const search = await jordan.get(`/find-a-case?reference=${policeCase.reference}`).expect(200);
    expect(search.text).toContain('0 cases found');
  });

  it('refuses a NUL in a search or a form with a 400 page, never a 500, and writes nothing', async () => {
    const alex = await signInAs('Alex Morgan');
    for (const query of ['reference=%00', 'reference=ASB-2026-%001', 'phone=0791%00', 'name=Jane%00Doe&postcode=NN1%203AB']) {
      const res = await alex.get(`/find-a-case?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
    const page = await alex.get(`/cases/${policeCase.id}`).expect(200);
    await alex.post(`/cases/${policeCase.id}/close`).type('form')
      .send({ _csrf: csrfOf(page.text), outcome: 'Warned\u0000 the neighbour.', reason: 'No new reports.', returnTo: `/cases/${policeCase.id}` }).expect(400);
    const [c] = await service.sql<{ status: string }>('SELECT status FROM cases WHERE id = $1', [policeCase.id]);
    expect(c.status).toBe('open');
  });

  it('refuses a form without its CSRF token, and writes nothing', async () => {
    const alex = await signInAs('Alex Morgan');
    const form = { outcome: 'Warned the neighbour.', reason: 'No new reports.', returnTo: `/cases/${policeCase.id}` };
    const refused = await alex.post(`/cases/${policeCase.id}/close`).type('form').send(form).expect(403);
    expect(refused.text).toContain('This form has expired');
    await alex.post(`/cases/${policeCase.id}/close`).type('form').send({ ...form, _csrf: 'not-the-token' }).expect(403);
    const [c] = await service.sql<{ status: string }>('SELECT status FROM cases WHERE id = $1', [policeCase.id]);
    expect(c.status).toBe('open');
  });

  it('shows comms staff no victim data anywhere in the console', async () => {
    const chris = await signInAs('Chris Taylor');
    const day = await chris.get('/').expect(200);
    for (const path of [`/cases/${policeCase.id}`, '/find-a-case?phone=07911123456', '/log-a-complaint', '/training']) {
      const res = await chris.get(path);
      expect([403, 404]).toContain(res.status);
      for (const text of [res.text, day.text]) {
        expect(text).not.toContain('Jane Doe');
        expect(text).not.toContain('07911');
        expect(text).not.toContain(policeCase.reference);
      }
    }
  });

  it('sets a password from a one-time link (argon2id), locks out after repeated failures, and shows an admin no victim data', async () => {
    const admin = officers.find((o) => o.role === 'admin')!;
    const link = (await service.http().post(`/v1/officers/${admin.id}/password-link`).set('Authorization', `Bearer ${service.adminKey}`).expect(201)).body;
    const path = new URL(link.url).pathname;
    const agent = request.agent(server());
    const form = await agent.get(path).expect(200);
    const tooShort = await agent.post(path).type('form').send({ _csrf: csrfOf(form.text), password: 'short', confirm: 'short' }).expect(400);
    expect(tooShort.text).toContain('href="#password"');
    await agent.post(path).type('form').send({ _csrf: csrfOf(form.text), password: 'correct horse battery staple', confirm: 'correct horse battery staple' }).expect(200);
    const [stored] = await service.sql<{ password_hash: string }>('SELECT password_hash FROM officer_passwords WHERE officer_id = $1', [admin.id]);
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    await agent.get(path).expect(404); // used once

    const signIn = async (password: string) => {
      const page = await agent.get('/sign-in');
      return agent.post('/sign-in').type('form').send({ _csrf: csrfOf(page.text), email: admin.email, password, next: '/' });
    };
    const ok = await signIn('correct horse battery staple');
    expect(ok.status).toBe(303);
    const day = await agent.get('/').expect(200);
    expect(day.text).not.toContain('Jane Doe');
    expect(day.text).not.toContain(policeCase.reference);
    expect((await agent.get(`/cases/${policeCase.id}`)).status).toBe(403);
    await agent.post('/sign-out').type('form').send({ _csrf: csrfOf(day.text) }).expect(303);

    for (let i = 0; i < 5; i += 1) expect((await signIn('wrong password')).status).toBe(400);
    const locked = await signIn('correct horse battery staple');
    expect(locked.status).toBe(400);
    expect(locked.text).toContain('locked');
    const audit = await service.sql<{ action: string }>(`SELECT action FROM audit_entries WHERE officer_id = $1 AND action LIKE 'console%' ORDER BY at, id`, [admin.id]);
    expect(audit.map((a) => a.action)).toEqual(['console_signed_in', 'console_signed_out', ...Array(5).fill('console_sign_in_failed')]);
  });

  it('sets the session cookie httpOnly, SameSite=Lax, for 30 minutes, and Secure behind TLS', async () => {
    const plain = await request(server()).get('/sign-in').expect(200);
    const cookie = String(plain.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const expires = new Date(/Expires=([^;]+)/.exec(cookie)![1]).getTime();
    expect(Math.round((expires - new Date(plain.headers.date).getTime()) / 60_000)).toBe(30);
    const tls = await request(server()).get('/sign-in').set('X-Forwarded-Proto', 'https').expect(200);
    expect(String(tls.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('sends a Content-Security-Policy on console pages; Swagger and API keys keep working', async () => {
    const page = await request(server()).get('/sign-in').expect(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(page.text).toContain(`<script nonce="${nonce}">`);
    const docs = await request(server()).get('/docs').expect(200);
    expect(docs.headers['content-security-policy']).toBeUndefined();
    const alex = service.firstRun!.demoOfficers.find((o) => o.name === 'PC Alex Morgan')!;
    await request(server()).get(`/v1/cases/${policeCase.id}`).set('Authorization', `Bearer ${alex.apiKey}`).expect(200);
  });

  it('sends an officer whose session ran out to sign in and back to the same page, keeping a typed update', async () => {
    const alex = await signInAs('Alex Morgan');
    const casePage = await alex.get(`/cases/${policeCase.id}`).expect(200);
    await service.sql('DELETE FROM console_sessions'); // what the idle timeout does
    const words = 'We visited your neighbour on Tuesday.';
    const sent = await alex.post(`/cases/${policeCase.id}/updates`).type('form')
      .send({ _csrf: csrfOf(casePage.text), message: words, action: 'send', returnTo: `/cases/${policeCase.id}` }).expect(303);
    expect(sent.headers.location).toBe(`/sign-in?next=${encodeURIComponent(`/cases/${policeCase.id}`)}&expired=1`);
    const signInPage = await alex.get(sent.headers.location).expect(200);
    expect(signInPage.text).toContain('You were signed out after 30 minutes without activity');
    const [session] = await service.sql<{ sess: Record<string, unknown> }>('SELECT sess FROM console_sessions');
    expect(JSON.stringify(session.sess)).not.toContain('visited your neighbour'); // sealed
    const officer = officers.find((o) => o.name === 'Alex Morgan')!;
    const back = await alex.post('/sign-in/training').type('form').send({ _csrf: csrfOf(signInPage.text), officerId: officer.id, next: `/cases/${policeCase.id}` }).expect(303);
    expect(back.headers.location).toBe(`/cases/${policeCase.id}`);
    const restored = await alex.get(back.headers.location).expect(200);
    expect(restored.text).toContain(words);
    expect(restored.text).toContain('We kept the update you had typed');
    const [{ count }] = await service.sql<{ count: string }>(`SELECT count(*) FROM contacts WHERE case_id = $1 AND purpose = 'update' AND data_enc IS NOT NULL`, [policeCase.id]);
    expect(Number(count)).toBe(0); // nothing was sent while signed out
  });
});
