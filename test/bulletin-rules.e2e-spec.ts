import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { Outbox } from './support/outbox.js';
import { bearer, buildPartnership, complaint, type Person, type TestPartnership } from './support/partnership.js';
import { pdfPageTexts } from './support/pdf-text.js';
import { startTestService, type TestService } from './support/test-service.js';

const content = (overrides: Record<string, unknown> = {}) => ({
  headline: 'Fewer problems at Mill Court',
  summary: 'Evening patrols have cut reports by half. Here is what happens next.',
  sections: [{ heading: 'What changed', body: 'Since October, patrols have visited the car park every evening.' }],
  whatWeAreDoing: ['Evening patrols until March'],
  howToReport: 'Call 101, or report online. In an emergency call 999.',
  contactNumbers: [{ label: 'Police non-emergency', number: '101' }],
  ...overrides,
});
const DAY = 86_400_000;
const MARK = 'DRAFT — NOT APPROVED';
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('bulletin rules (issue 15)', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-bulletin-rules-outbox-'));
  const outbox = new Outbox(outboxDir);
  const encryptionKey = randomBytes(32).toString('base64');
  let service: TestService;
  let p: TestPartnership;
  let comms2: Person;
  let millCourt: string;
  let riverside: string;

  const as = (who: { apiKey: string }) => ({
    post: (path: string, body: object = {}) => service.http().post(path).set('Authorization', bearer(who)).send(body),
    patch: (path: string, body: object) => service.http().patch(path).set('Authorization', bearer(who)).send(body),
    get: (path: string) => service.http().get(path).set('Authorization', bearer(who)),
    pdf: async (path: string) => (await service.http().get(path).set('Authorization', bearer(who)).buffer(true).parse(binary).expect(200)).body as Buffer,
  });
  const draft = (who: { apiKey: string }, body: Record<string, unknown>) => as(who).post('/v1/bulletins', body);
  const person = async (role: string, name: string): Promise<Person> => (await service.http().post('/v1/officers').set('Authorization', `Bearer ${service.adminKey}`)
    .send({ name, organisationId: p.council.id, role, email: `${name.replace(/\s/g, '.').toLowerCase()}@partner.example`, phone: '01604 888123' }).expect(201)).body;
  const emailsFor = (prefix: string, officerId: string) => readdirSync(join(outboxDir, 'email')).filter((f) => f.startsWith(prefix) && f.endsWith(`-${officerId}.eml`));
  const briefing = (when: Date) => content({ headline: 'Come and meet us', briefing: { where: "St Mary's Church Hall, Mill Road", when: when.toISOString(), who: ['Northtown Council ASB team'] } });

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outboxDir }, undefined, undefined, { encryptionKey });
    p = await buildPartnership(service);
    comms2 = await person('comms', 'Lee Comms');
    const admin = `Bearer ${service.adminKey}`;
    millCourt = (await service.http().post('/v1/neighbourhoods').set('Authorization', admin)
      .send({ name: 'Mill Court', areas: ['NN1 3'], streets: [{ name: 'Mill Road', addresses: 120 }, { name: 'Court Lane', addresses: 45 }] }).expect(201)).body.id;
    riverside = (await service.http().post('/v1/neighbourhoods').set('Authorization', admin).send({ name: 'Riverside', areas: ['NN5'] }).expect(201)).body.id;
    // Jane Doe, 07911 123456, jane.doe@example.com, 12 Acacia Avenue, NN1 3AB: a victim in Mill Court.
    await service.http().post('/v1/cases').set('Authorization', bearer(p.policeOfficer)).send(complaint(p.police.id)).expect(201);
  });
  afterEach(() => service.clock.reset());
  afterAll(async () => service?.stop());

  describe('print marks a bulletin not yet approved', () => {
    it('puts DRAFT — NOT APPROVED on every page of the leaflet, run sheet included, and of the poster, until it is approved', async () => {
      const long = content({ sections: Array.from({ length: 6 }, (_, i) => ({ heading: `Part ${i + 1}`, body: 'Patrols visit the car park every evening. '.repeat(20) })) });
      const leaflet = (await draft(p.comms, { type: 'leaflet', neighbourhoodIds: [millCourt], content: long }).expect(201)).body.id;
      for (const layout of ['a5', 'a4']) {
        const pages = await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${leaflet}/print.pdf?layout=${layout}`));
        expect(pages.length).toBeGreaterThan(2);
        pages.forEach((text, i) => expect([layout, i, text.includes(MARK)]).toEqual([layout, i, true]));
      }
      const poster = (await draft(p.comms, { type: 'street_briefing', neighbourhoodIds: [millCourt], content: briefing(new Date(service.clock.now().getTime() + 3 * DAY)) }).expect(201)).body.id;
      for (const text of await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${poster}/poster.pdf`))) expect(text).toContain(MARK);

      await as(p.councilSupervisor).post(`/v1/bulletins/${leaflet}/approve`).expect(200);
      await as(p.councilSupervisor).post(`/v1/bulletins/${poster}/approve`).expect(200);
      for (const text of await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${leaflet}/print.pdf?layout=a5`))) expect(text).not.toContain('DRAFT');
      for (const text of await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${poster}/poster.pdf`))) expect(text).not.toContain('DRAFT');
      // A change makes it a draft again, and the mark comes back.
      await as(p.comms).patch(`/v1/bulletins/${leaflet}`, { content: content({ headline: 'Changed' }) }).expect(200);
      for (const text of await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${leaflet}/print.pdf?layout=a4`))) expect(text).toContain(MARK);
    });
  });

  describe('a street briefing whose date has passed', () => {
    it('cannot be sent for approval, approved, sent or scheduled, by the London date on the training clock', async () => {
      // 18:30 on a day three days on (London); the clock then moves to the next morning.
      const when = new Date(Math.floor(service.clock.now().getTime() / DAY) * DAY + 3 * DAY + 18.5 * 3_600_000);
      const notApproved = (await draft(p.comms, { type: 'street_briefing', neighbourhoodIds: [millCourt], content: briefing(when) }).expect(201)).body.id;
      const approved = (await draft(p.comms, { type: 'street_briefing', neighbourhoodIds: [millCourt], content: briefing(when) }).expect(201)).body.id;
      await as(p.councilSupervisor).post(`/v1/bulletins/${approved}/approve`).expect(200);
      // Not after its day, even while it is still to come.
      const late = await as(p.comms).post(`/v1/bulletins/${approved}/send`, { at: new Date(when.getTime() + DAY).toISOString() }).expect(400);
      expect(late.body.errors).toEqual([expect.objectContaining({ field: 'at', rule: 'notAfterBriefing' })]);

      // Later on the day itself (23:30 London) the date has not passed.
      service.clock.travelTo(new Date(when.getTime() + 5 * 3_600_000));
      await as(p.comms).post(`/v1/bulletins/${approved}/send`, { at: new Date(when.getTime() + 5.2 * 3_600_000).toISOString() }).expect(202);
      await as(p.comms).post(`/v1/bulletins/${approved}/cancel`).expect(200);

      service.clock.travelTo(new Date(when.getTime() + 14 * 3_600_000)); // the next morning
      const expectPassed = (res: { body: { errors: unknown[]; message: string } }) => {
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'content.briefing.when', rule: 'notPast' })]);
        expect(res.body.message).toMatch(/content\.briefing\.when .* has passed/);
      };
      expectPassed(await as(p.comms).post(`/v1/bulletins/${notApproved}/submit`).expect(400));
      expectPassed(await as(p.councilSupervisor).post(`/v1/bulletins/${notApproved}/approve`).expect(400));
      const approvedLate = (await draft(p.comms, { type: 'street_briefing', neighbourhoodIds: [millCourt], content: briefing(new Date(service.clock.now().getTime() + DAY)) }).expect(201)).body.id;
      await as(p.councilSupervisor).post(`/v1/bulletins/${approvedLate}/approve`).expect(200);
      service.clock.travelTo(new Date(service.clock.now().getTime() + 2 * DAY));
      expectPassed(await as(p.comms).post(`/v1/bulletins/${approvedLate}/send`, {}).expect(400));
      expectPassed(await as(p.comms).post(`/v1/bulletins/${approvedLate}/send`, { at: new Date(service.clock.now().getTime() + 3_600_000).toISOString() }).expect(400));
      expect((await as(p.comms).get(`/v1/bulletins/${approvedLate}`).expect(200)).body).toMatchObject({ status: 'approved', sendAt: null });
      expect((await as(p.comms).get(`/v1/bulletins/${notApproved}`).expect(200)).body).toMatchObject({ status: 'draft', submittedAt: null });
    });
  });

  describe('a leaflet\'s copies', () => {
    it('is the whole print run: the run sheet comes to that many, spare beyond the letterboxes counted', async () => {
      const leaflet = (await draft(p.comms, { type: 'leaflet', neighbourhoodIds: [millCourt], content: content() }).expect(201)).body.id;
      const [sheet] = await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${leaflet}/print.pdf?layout=a5&copies=500`));
      expect(sheet).toMatch(/Total copies\s+500/);
      expect(sheet).toMatch(/Spare copies\s+335/);
      expect(sheet).toMatch(/A4 sheets needed\s+250/);
      const [exact] = await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${leaflet}/print.pdf?layout=a5`));
      expect(exact).toMatch(/Total copies\s+165/);
      const few = await as(p.comms).get(`/v1/bulletins/${leaflet}/print.pdf?copies=100`).expect(400);
      expect(few.body.errors).toEqual([expect.objectContaining({ field: 'copies', rule: 'min' })]);

      const uncounted = (await draft(p.comms, { type: 'leaflet', neighbourhoodIds: [riverside, millCourt], content: content() }).expect(201)).body.id;
      const [shared] = await pdfPageTexts(await as(p.comms).pdf(`/v1/bulletins/${uncounted}/print.pdf?layout=a4&copies=205`));
      expect(shared).toMatch(/Total copies\s+205/);
      expect(shared).toMatch(/Every address in NN5\s+-\s+40/);
    });
  });

  describe('personal details: one answer, audited, and too many stop drafting', () => {
    let writer: Person;

    it('refuses a victim\'s name, any phone number, any email and any house address with byte-identical answers', async () => {
      writer = await person('comms', 'Sam Writer');
      const tries = ['Jane Doe came to tell us the patrols help.', 'Ring 07700 900461 with news.', 'Write to someone@example.net with news.', 'Youths gathered outside 12 Tanner Street.'];
      const answers = [];
      for (const summary of tries) answers.push(await draft(writer, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ summary }) }).expect(400));
      expect(new Set(answers.map((a) => a.text)).size).toBe(1);
      expect(answers[0].body).toEqual({
        statusCode: 400, error: 'Bad Request',
        message: 'content.summary must not contain personal details: bulletins must not contain names, phone numbers, email addresses or home addresses',
        errors: [{ field: 'content.summary', rule: 'personalDetails', message: 'content.summary must not contain personal details: bulletins must not contain names, phone numbers, email addresses or home addresses' }],
      });
      // Another field: the same answer, naming it.
      const other = await draft(writer, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ howToReport: 'Flat 3, 12 High Road' }) }).expect(400);
      expect(other.text).toBe(answers[0].text.replaceAll('content.summary', 'content.howToReport'));

      const audit = await service.sql<{ fields: string[]; detail: Record<string, string>; organisation_id: string }>(
        `SELECT fields, detail, organisation_id FROM audit_entries WHERE officer_id = $1 AND action = 'bulletin_content_refused' ORDER BY id`, [writer.id],
      );
      expect(audit.map((a) => a.detail.classes)).toEqual([
        'content.summary=victimName', 'content.summary=phone', 'content.summary=email', 'content.summary=homeAddress', 'content.howToReport=homeAddress',
      ]);
      expect(audit[0]).toMatchObject({ fields: ['content.summary'], organisation_id: p.council.id, detail: { operation: 'draft', rule: 'personalDetails' } });
      expect(JSON.stringify(audit)).not.toMatch(/jane|doe|07700|900461|someone|example\.net|tanner|high road/i);
    });

    it('audits a refused change with the bulletin, and lets the partnership\'s own numbers through', async () => {
      const id = (await draft(p.comms, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ howToReport: 'Call 101, or Crimestoppers on 0800 555 111.' }) }).expect(201)).body.id;
      await as(p.comms).patch(`/v1/bulletins/${id}`, { content: content({ summary: 'Thanks to jane doe.' }) }).expect(400);
      const [entry] = await service.sql<{ detail: Record<string, string> }>(
        `SELECT detail FROM audit_entries WHERE officer_id = $1 AND action = 'bulletin_content_refused' ORDER BY id DESC LIMIT 1`, [p.comms.id],
      );
      expect(entry.detail).toEqual({ bulletinId: id, operation: 'update', rule: 'personalDetails', classes: 'content.summary=victimName' });
    });

    it('stops drafting at the 6th refusal in an hour (429, Retry-After), tells the supervisor, and keeps the count across a restart', async () => {
      const sixth = await draft(writer, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ summary: 'Call 07700 900462.' }) }).expect(429);
      const retryAfter = Number(sixth.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3000);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(sixth.body.message).toMatch(/cannot draft or change bulletins for \d+ minutes/);
      expect(JSON.stringify(sixth.body)).not.toMatch(/07700|900462/);
      // Now even clean words wait, a draft or a change.
      await draft(writer, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(429);
      const mine = (await draft(p.comms, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(201)).body.id;
      await as(writer).patch(`/v1/bulletins/${mine}`, { content: content({ headline: 'Mine now' }) }).expect(429);

      // The council's supervisor has a task and an email; nobody else's.
      const tasks = (await as(p.councilSupervisor).get('/v1/bulletins/tasks').expect(200)).body;
      const stopped = tasks.filter((t: { kind: string }) => t.kind === 'bulletin_drafting_stopped');
      expect(stopped).toHaveLength(1);
      expect(stopped[0].briefing.whatToCover).toContain('Sam Writer');
      expect((await as(p.policeSupervisor).get('/v1/bulletins/tasks').expect(200)).body).toEqual([]);
      const [file] = emailsFor('bulletin-drafting-stopped-', p.councilSupervisor.id);
      const mail = await outbox.email(file.replace(/\.eml$/, ''));
      expect(mail.to).toMatchObject({ text: 'drew.council@partner.example' });
      expect(mail.text).toContain('Sam Writer');
      expect(`${mail.text}${JSON.stringify(stopped)}`).not.toMatch(/07700|jane|tanner/i);
      // Case task lists do not show it.
      expect((await as(p.councilSupervisor).get('/v1/tasks').expect(200)).body).toEqual([]);

      // Another instance on the same database (a restart) still stops them.
      const restarted = await startTestService('embedded', { OUTBOX_DIR: outboxDir }, undefined, undefined, { databaseUrl: service.databaseUrl, encryptionKey });
      try {
        await restarted.http().post('/v1/bulletins').set('Authorization', bearer(writer)).send({ type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(429);
      } finally {
        await restarted.stop();
      }
      // After the hour they may draft again.
      service.clock.travelTo(new Date(Date.now() + retryAfter * 1000 + 1000));
      await draft(writer, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(201);
    });
  });

  describe('sending for approval', () => {
    it('gives the organisation\'s other comms officers and supervisors a task and an email, closed by the approval', async () => {
      const id = (await draft(p.comms, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content({ headline: 'Please approve me' }) }).expect(201)).body.id;
      const sent = await as(p.comms).post(`/v1/bulletins/${id}/submit`).expect(200);
      expect(sent.body).toMatchObject({ status: 'draft', submittedBy: p.comms.id });
      expect(sent.body.submittedAt).toBeTruthy();
      await as(p.comms).post(`/v1/bulletins/${id}/submit`).expect(409);

      const approvalTasks = async (who: { apiKey: string }) => (await as(who).get('/v1/bulletins/tasks').expect(200)).body
        .filter((t: { kind: string; bulletinId: string }) => t.kind === 'approve_bulletin' && t.bulletinId === id);
      for (const approver of [comms2, p.councilSupervisor]) {
        const [task] = await approvalTasks(approver);
        expect(task).toMatchObject({ status: 'open', briefing: { purpose: 'approve_bulletin', whatToCover: expect.stringContaining('Please approve me') } });
        const [file] = emailsFor(`bulletin-approval-${id}-`, approver.id);
        const mail = await outbox.email(file.replace(/\.eml$/, ''));
        expect(mail.subject).toBe('A bulletin is waiting for your approval');
        expect(mail.text).toContain('Please approve me');
      }
      expect(await approvalTasks(p.comms)).toEqual([]); // not the author
      expect(await approvalTasks(p.policeSupervisor)).toEqual([]); // another organisation
      expect(emailsFor(`bulletin-approval-${id}-`, p.comms.id)).toEqual([]);
      expect(emailsFor(`bulletin-approval-${id}-`, p.councilOfficer.id)).toEqual([]); // case officers do not approve

      await as(comms2).post(`/v1/bulletins/${id}/approve`).expect(200);
      expect(await approvalTasks(comms2)).toEqual([]);
      expect(await approvalTasks(p.councilSupervisor)).toEqual([]);
      const [done] = await service.sql<{ status: string; resolved_by: string }>(
        `SELECT status, resolved_by FROM officer_tasks WHERE bulletin_id = $1 AND officer_id = $2`, [id, comms2.id],
      );
      expect(done).toEqual({ status: 'done', resolved_by: comms2.id });
    });

    it('cancels the approvers\' tasks when the bulletin is changed, and they can close one themselves', async () => {
      const id = (await draft(p.comms, { type: 'newsletter', neighbourhoodIds: [millCourt], content: content() }).expect(201)).body.id;
      await as(p.comms).post(`/v1/bulletins/${id}/submit`).expect(200);
      await as(p.comms).patch(`/v1/bulletins/${id}`, { content: content({ headline: 'Second thoughts' }) }).expect(200);
      const closed = await service.sql<{ status: string }>(`SELECT status FROM officer_tasks WHERE bulletin_id = $1`, [id]);
      expect(closed.length).toBeGreaterThanOrEqual(2);
      expect(closed.every((t) => t.status === 'cancelled')).toBe(true);
      const again = await as(p.comms).post(`/v1/bulletins/${id}/submit`).expect(200);
      expect(again.body.submittedAt).toBeTruthy();
      const [task] = (await as(comms2).get('/v1/bulletins/tasks').expect(200)).body.filter((t: { bulletinId: string }) => t.bulletinId === id);
      await as(p.councilSupervisor).post(`/v1/bulletins/tasks/${task.id}/complete`).expect(404); // not theirs
      expect((await as(comms2).post(`/v1/bulletins/tasks/${task.id}/complete`).expect(200)).body).toMatchObject({ status: 'done' });
    });
  });
});
