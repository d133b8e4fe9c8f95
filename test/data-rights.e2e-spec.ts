import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InboundSms } from '../src/inbound-sms/inbound-sms.service.js';
import { Scheduler } from '../src/scheduling/scheduler.js';
import { pdfText } from './support/outbox.js';
import { binary } from './support/binary.js';
import { SAFETY, bearer, buildPartnership, complaint, type Person, type TestPartnership } from './support/partnership.js';
import { startTestService, type TestService } from './support/test-service.js';
import { waitFor } from './support/wait.js';

const T0 = new Date('2026-11-23T10:00:00Z'); // a Monday
const A_CLOSED = new Date('2027-01-25T10:00:00Z');
const AFTER_TWO_YEARS = new Date('2029-01-29T10:00:00Z');
const ALMOST_SIX_YEARS = new Date('2032-12-24T10:00:00Z'); // 5 years 11 months after A closed
const AFTER_SIX_YEARS = new Date('2033-01-27T10:00:00Z');

const OLIVE = { name: 'Olive Keeper', phone: '07911 123456', email: 'olive.keeper@example.com', address: ['9 Elm Row', 'Northampton', 'NN1 3AB'], dateOfBirth: '1970-05-01' };
const BINS = 'Someone keeps setting fire to the wheelie bins behind my flat.';
const UPDATE = 'We have spoken to the family at number 9 about the bins.';
const TEXT = 'They set fire to the bins again last night';
const NOTE = 'Spoke to the victim; she is frightened to go out after dark.';

type Row = Record<string, unknown>;

describe('data rights: retention, subject access and erasure', () => {
  const outboxDir = mkdtempSync(join(tmpdir(), 'asb-data-rights-outbox-'));
  let service: TestService;
  let p: TestPartnership;
  const cases: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', { id: string; reference: string; victimId: string }> = {} as never;

  const sql = <T = Row>(text: string, params?: unknown[]) => service.sql<T>(text, params);
  const open = async (who: Person, orgId: string, victim: Record<string, unknown>, description = 'Loud music from the flat below until 3am.') =>
    (await service.http().post('/v1/cases').set('Authorization', bearer(who))
      .send(complaint(orgId, { victim, incident: { description, category: 'personal', hateMotivated: false, postcode: 'NN1 3AB' } }))
      .expect(201)).body as { id: string; reference: string; victimId: string };
  const close = (caseId: string) =>
    service.http().post(`/v1/cases/${caseId}/close`).set('Authorization', bearer(p.policeOfficer))
      .send({ outcome: 'We warned the people responsible.', reason: 'No reports for eight weeks.' }).expect(200);
  /** Until nothing of the case is waiting to go: letters awaiting the post room are printed. */
  const settle = (caseId: string) =>
    waitFor(async () => {
      await service.http().post('/v1/print-batches').set('Authorization', bearer(p.policeSupervisor)).expect(201);
      const [{ n }] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM contacts WHERE case_id = $1 AND (status IN ('queued', 'sending', 'awaiting_print') OR (status = 'scheduled' AND due_at <= $2))`,
        [caseId, service.clock.now()],
      );
      return n === 0;
    }, 20_000, 'the case to have nothing waiting to go');
  /** Moves the training clock and waits for `done` (the clock's tick may find the engine busy, so it is nudged). */
  const moveClockUntil = async (to: Date, done: () => Promise<unknown>, what: string) => {
    await service.http().post('/v1/training/clock').set('Authorization', bearer(p.policeSupervisor)).send({ now: to.toISOString() }).expect(200);
    const scheduler = service.app.get(Scheduler);
    return waitFor(async () => (await done()) || (await scheduler.clockMoved(), await done()), 20_000, what);
  };
  const caseRow = async (id: string) => (await sql('SELECT * FROM cases WHERE id = $1', [id]))[0];
  const victimRow = async (id: string) => (await sql('SELECT * FROM victims WHERE id = $1', [id]))[0];
  /** Every sealed value still held about a case: in each table with case_id, and one step below. */
  const sealedValues = async (caseId: string, except: string[] = []) => {
    const columns = await sql<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc'
          AND table_name IN (SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'case_id')`,
    );
    const held: Record<string, number> = {};
    for (const { table_name: t, column_name: c } of columns) {
      if (except.includes(t)) continue;
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}" WHERE case_id = $1 AND "${c}" IS NOT NULL`, [caseId]);
      if (n) held[`${t}.${c}`] = n;
    }
    const below = await sql<{ what: string; n: number }>(
      `SELECT 'task_attempts.note_enc' AS what, count(*)::int AS n FROM task_attempts a JOIN officer_tasks t ON t.id = a.task_id WHERE t.case_id = $1 AND a.note_enc IS NOT NULL
       UNION ALL SELECT 'letters_for_print.content_enc', count(*)::int FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id WHERE k.case_id = $1 AND l.content_enc IS NOT NULL
       UNION ALL SELECT 'cases.closure_enc', count(*)::int FROM cases WHERE id = $1 AND closure_enc IS NOT NULL`,
      [caseId],
    );
    for (const { what, n } of below) if (n) held[what] = n;
    return held;
  };
  const subjectAccess = (who: { apiKey: string }, victimId: string) =>
    service.http().get(`/v1/victims/${victimId}/subject-access`).set('Authorization', bearer(who));
  const erase = (who: { apiKey: string }, victimId: string, body: Row = { reason: 'Asked by letter; the case is closed and nothing is pending.' }) =>
    service.http().post(`/v1/victims/${victimId}/erasure`).set('Authorization', bearer(who)).send(body);

  beforeAll(async () => {
    service = await startTestService('embedded', { OUTBOX_DIR: outboxDir }, undefined, undefined, { schedule: true });
    service.clock.travelTo(T0);
    p = await buildPartnership(service);

    // F: another person, closed straight away: the control for "not yet six years" below.
    cases.F = await open(p.policeOfficer, p.police.id, { name: 'Fay Early', phone: '07911 123459', address: ['1 Oak Lane', 'Northampton', 'NN3 6AB'] });
    await close(cases.F.id);

    // A: Olive's case, with letters, an officer's update, a text from her and a call note.
    cases.A = await open(p.policeOfficer, p.police.id, OLIVE, BINS);
    await settle(cases.A.id);
    await service.http().put(`/v1/cases/${cases.A.id}/contact-agreement`).set('Authorization', bearer(p.policeOfficer))
      .send({ ...SAFETY, channels: ['letter'], cadence: { every: 90, unit: 'days' } }).expect(200);
    await service.http().post(`/v1/cases/${cases.A.id}/updates`).set('Authorization', bearer(p.policeOfficer)).send({ message: UPDATE }).expect(202);
    await settle(cases.A.id);
    await service.app.get(InboundSms).receive('+447911123456', TEXT, 'SMdatarights1');
    const tasks = (await service.http().get('/v1/tasks').set('Authorization', bearer(p.policeOfficer)).expect(200)).body as { id: string; caseId: string; kind: string }[];
    const reply = tasks.find((t) => t.caseId === cases.A.id && t.kind === 'read_reply')!;
    await service.http().post(`/v1/tasks/${reply.id}/attempts`).set('Authorization', bearer(p.policeOfficer)).send({ outcome: 'reached', note: NOTE }).expect(200);

    // B: Olive again (one victim record per case), matched by phone only; C: the same, led by the council.
    cases.B = await open(p.policeOfficer, p.police.id, { name: 'O. Keeper', phone: '07911 123456', email: 'second@example.com', address: ['2 Park Road', 'Northampton', 'NN2 7AB'] });
    cases.C = await open(p.councilOfficer, p.council.id, { name: 'Olive Keeper', phone: '07911 123456', address: ['5 Mill Court', 'Northampton', 'NN4 8AB'] });

    // D: closed with a hearing still to come; E: closed, nothing pending.
    cases.D = await open(p.policeOfficer, p.police.id, { name: 'Dan Court', phone: '07812 345678', address: ['3 Bridge St', 'Northampton', 'NN5 5AB'] });
    await service.http().post(`/v1/cases/${cases.D.id}/proceedings`).set('Authorization', bearer(p.policeOfficer))
      .send({ kind: 'civil', court: "Northtown County Court", hearings: [{ at: '2027-01-14T10:00' }] }).expect(201);
    await close(cases.D.id);
    cases.E = await open(p.policeOfficer, p.police.id, { name: 'Eve Erase', phone: '07777 300400', email: 'eve.erase@example.com', address: ['7 Quay Side', 'Northampton', 'NN6 9AB'] });
    await close(cases.E.id);
    await Promise.all([settle(cases.E.id), settle(cases.D.id), settle(cases.F.id)]);
  }, 60_000);
  afterAll(() => service?.stop());

  describe('subject access', () => {
    it('gives a supervisor everything held about the victim and the same person’s other cases, and audits it', async () => {
      const res = await subjectAccess(p.policeSupervisor, cases.A.victimId).expect(200);
      const report = res.body;
      expect(report.request).toMatchObject({ action: 'subject_access', recordedBy: { name: 'Sandy Supervisor', role: 'supervisor', organisation: 'Test Police' } });
      expect(report.request.recordedAt.slice(0, 10)).toBe('2026-11-23');
      expect(report.victimRecords.find((v: Row) => v.id === cases.A.victimId)).toMatchObject({
        name: 'Olive Keeper', phone: '+447911123456', email: 'olive.keeper@example.com', address: OLIVE.address, dateOfBirth: '1970-05-01',
      });
      expect(report.cases.map((c: Row) => c.reference)).toEqual([cases.A.reference, cases.B.reference]);
      expect(report.casesHeldByOtherPartners).toBe(1); // C: the council's, not shared with the police
      const [a, b] = report.cases;
      expect(b.matchedBy).toEqual(['phone']);
      expect(a.records.incidents[0].description).toBe(BINS);
      expect(a.records.riskAssessments[0].answers).toEqual({});
      expect(a.records.contacts.find((k: Row) => k.purpose === 'update' && (k.data as Row)?.update).data.update.message).toBe(UPDATE);
      expect(a.records.contacts[0].timeline.map((e: Row) => e.status)).toContain('scheduled');
      expect(a.records.contacts.some((k: { letter?: Row[] }) => k.letter?.[0]?.content)).toBe(true);
      expect(a.records.inboundMessages[0].body).toBe(TEXT);
      expect(a.records.officerTasks.find((t: Row) => t.kind === 'read_reply').attempts[0].note).toBe(NOTE);
      expect(a.records.contactAgreements[0].channels).toEqual(['letter']);
      expect(report.auditEntries.some((e: Row) => e.action === 'victim_data_created')).toBe(true);

      const audited = await sql(`SELECT case_id, victim_id, officer_id FROM audit_entries WHERE action = 'subject_access' ORDER BY case_id`);
      expect(audited).toHaveLength(2);
      expect(audited.map((e) => e.case_id).sort()).toEqual([cases.A.id, cases.B.id].sort());
      expect(audited.every((e) => e.officer_id === p.policeSupervisor.id)).toBe(true);
      const log = await service.http().get(`/v1/audit?caseId=${cases.A.id}`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(log.body.some((e: Row) => e.action === 'subject_access' && e.officerName === 'Sandy Supervisor')).toBe(true);
    });

    it('refuses admins, who never see victim data (issue 10), and records nothing', async () => {
      const res = await subjectAccess({ apiKey: service.adminKey }, cases.A.victimId).expect(403);
      expect(JSON.stringify(res.body)).not.toContain('Olive');
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'subject_access'`);
      expect(n).toBe(2);
    });

    it('gives a readable PDF with Accept: application/pdf or ?format=pdf', async () => {
      const res = await subjectAccess(p.policeSupervisor, cases.A.victimId).set('Accept', 'application/pdf').buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toContain('application/pdf');
      const { text } = await pdfText(res.body as Buffer);
      for (const expected of [
        'Personal data we hold about you', 'Sandy Supervisor', 'Your details', 'Olive Keeper', '+447911123456', '1 May 1970',
        `Case ${cases.A.reference}`, 'What you reported', BINS, 'Messages, letters and calls to you', UPDATE,
        'Texts you sent us', TEXT, NOTE, `Case ${cases.B.reference}`, 'Who has seen or changed your data',
      ]) {
        expect(text).toContain(expected);
      }
      const byQuery = await subjectAccess(p.policeSupervisor, cases.A.victimId).query({ format: 'pdf' }).buffer(true).parse(binary).expect(200);
      expect(byQuery.headers['content-type']).toContain('application/pdf');
      const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM audit_entries WHERE action = 'subject_access'`);
      expect(n).toBe(2 + 2 + 2); // every request is recorded, case by case
    });

    it('refuses other roles, other organisations and bad input', async () => {
      await subjectAccess(p.policeOfficer, cases.A.victimId).expect(403);
      await subjectAccess(p.comms, cases.A.victimId).expect(403);
      await subjectAccess(p.councilSupervisor, cases.A.victimId).expect(404); // only C is theirs, and C is another victim record
      const bad = await subjectAccess(p.policeSupervisor, 'not-a-uuid').expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'id', rule: 'isUuid' });
      const format = await subjectAccess(p.policeSupervisor, cases.A.victimId).query({ format: 'xml' }).expect(400);
      expect(format.body.errors[0].field).toBe('format');
      await subjectAccess(p.policeSupervisor, '00000000-0000-4000-8000-000000000000').expect(404);
    });
  });

  describe('erasure', () => {
    it('checks its input and roles, and changes nothing when it refuses', async () => {
      const victim = cases.E.victimId;
      await erase(p.policeOfficer, victim).expect(403);
      await erase({ apiKey: service.adminKey }, victim).expect(403);
      expect((await erase(p.policeSupervisor, 'not-a-uuid').expect(400)).body.errors[0].field).toBe('id');
      expect((await erase(p.policeSupervisor, victim, {}).expect(400)).body.errors.map((e: Row) => e.field)).toContain('reason');
      expect((await erase(p.policeSupervisor, victim, { reason: '   ' }).expect(400)).body.errors[0].field).toBe('reason');
      const future = await erase(p.policeSupervisor, victim, { reason: 'Asked by phone', requestReceivedAt: '2030-01-01T10:00:00Z' }).expect(400);
      expect(future.body.errors[0]).toMatchObject({ field: 'requestReceivedAt', rule: 'notInFuture' });
      expect((await erase(p.policeSupervisor, victim, { reason: 'Asked by phone', colour: 'red' }).expect(400)).body.errors[0].field).toBe('colour');
      await erase(p.policeSupervisor, '00000000-0000-4000-8000-000000000000').expect(404);
      await erase(p.councilSupervisor, victim).expect(404);
      expect(await sql('SELECT * FROM erasure_requests')).toEqual([]);
      expect((await victimRow(victim)).name_enc).not.toBeNull();
    });

    it('refuses while any of the person’s cases is open, or a hearing is to come', async () => {
      const open = await erase(p.policeSupervisor, cases.A.victimId).expect(409);
      expect(open.body.message).toContain('still needed to handle the case');
      expect(open.body.message).toContain(cases.B.reference);
      expect(open.body.message).not.toContain('Olive');
      const hearing = await erase(p.policeSupervisor, cases.D.victimId).expect(409);
      expect(hearing.body.message).toContain('still needed for legal proceedings');
      for (const c of [cases.A, cases.D]) {
        expect((await victimRow(c.victimId)).name_enc).not.toBeNull();
        expect((await caseRow(c.id)).anonymised_at).toBeNull();
      }
      expect(await sealedValues(cases.A.id)).toMatchObject({ 'incidents.description_enc': 1, 'inbound_messages.body_enc': 1, 'task_attempts.note_enc': 1 });
    });

    it('erases a closed case’s personal data, keeps the case anonymised, and records it without personal data', async () => {
      const before = await sealedValues(cases.E.id);
      expect(Object.keys(before)).toEqual(expect.arrayContaining(['incidents.description_enc', 'risk_assessments.answers_enc', 'cases.closure_enc']));
      const res = await erase(p.policeSupervisor, cases.E.victimId, { reason: 'Eve asked by letter', requestReceivedAt: '2026-11-20T09:00:00Z' }).expect(200);
      expect(res.body).toMatchObject({ victimId: cases.E.victimId, requestReceivedAt: '2026-11-20T09:00:00.000Z', cases: [{ reference: cases.E.reference }] });
      expect(res.body.fieldsErased).toEqual(expect.arrayContaining(['victims.name_enc', 'incidents.description_enc', 'risk_assessments.answers_enc']));

      const victim = await victimRow(cases.E.victimId);
      expect(victim).toMatchObject({ name_enc: null, phone_enc: null, email_enc: null, address_enc: null, phone_hash: null, email_hash: null, name_postcode_hash: null });
      expect(victim.erased_at).not.toBeNull();
      expect(await sealedValues(cases.E.id, ['erasure_requests'])).toEqual({});
      const [request] = await sql<{ reason_enc: Buffer; erased_by: string }>('SELECT reason_enc, erased_by FROM erasure_requests WHERE case_id = $1', [cases.E.id]);
      expect(request.erased_by).toBe(p.policeSupervisor.id);
      expect(request.reason_enc.toString('latin1')).not.toContain('Eve');
      const [audit] = await sql(`SELECT * FROM audit_entries WHERE action = 'victim_data_erased'`);
      expect(audit).toMatchObject({ case_id: cases.E.id, victim_id: cases.E.victimId, officer_id: p.policeSupervisor.id });
      const history = await sql(`SELECT type, detail FROM case_events WHERE case_id = $1`, [cases.E.id]);
      expect(history).toContainEqual({ type: 'anonymised', detail: { cause: 'erasure' } });
      expect(JSON.stringify([audit, history])).not.toMatch(/Eve|Erase|07777|300400/);

      const listed = await service.http().get('/v1/cases?status=closed').set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(listed.body.map((c: Row) => c.id)).toContain(cases.E.id);
      await erase(p.policeSupervisor, cases.E.victimId).expect(409);
    });

    it('still opens an erased case, with nulls where the personal data was', async () => {
      const res = await service.http().get(`/v1/cases/${cases.E.id}`).set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(res.body.victim).toMatchObject({ name: null, phone: null, email: null, address: null });
      expect(res.body.incidents[0]).toMatchObject({ description: null, postcode: null });
      expect(res.body).toMatchObject({ reference: cases.E.reference, status: 'closed', riskLevel: 'standard' });
    });

    it('erases once the hearing has been held', async () => {
      service.clock.travelTo(A_CLOSED);
      await erase(p.policeSupervisor, cases.D.victimId).expect(200);
      expect((await victimRow(cases.D.victimId)).name_enc).toBeNull();
    });
  });

  describe('retention', () => {
    const bodiesOf = async (caseId: string) =>
      (await sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM contacts WHERE case_id = $1 AND data_enc IS NOT NULL)
              + (SELECT count(*) FROM inbound_messages WHERE case_id = $1 AND body_enc IS NOT NULL)
              + (SELECT count(*) FROM letters_for_print l JOIN contacts k ON k.id = l.contact_id WHERE k.case_id = $1 AND l.content_enc IS NOT NULL) AS n`,
        [caseId],
      ))[0].n;

    it('removes message bodies two years on, keeping the rest of the case', async () => {
      await close(cases.A.id);
      await settle(cases.A.id);
      expect(Number(await bodiesOf(cases.A.id))).toBeGreaterThanOrEqual(3);
      const letters = await sql<{ id: string }>(`SELECT id FROM contacts WHERE case_id = $1 AND channel = 'letter' AND status = 'sent'`, [cases.A.id]);
      expect(letters.length).toBeGreaterThan(0);
      expect(letters.every((k) => existsSync(join(outboxDir, 'letters', `${k.id}.pdf`)))).toBe(true);

      await moveClockUntil(AFTER_TWO_YEARS, async () => (await caseRow(cases.A.id)).bodies_removed_at, 'the message bodies to be removed');
      expect(Number(await bodiesOf(cases.A.id))).toBe(0);
      expect(letters.some((k) => existsSync(join(outboxDir, 'letters', `${k.id}.pdf`)))).toBe(false);
      // The print batches that carried its letters (and everyone else's) are long printed: their files go.
      const batches = await sql<{ id: string; pdf_enc: Buffer | null; manifest_enc: Buffer | null }>('SELECT id, pdf_enc, manifest_enc FROM print_batches');
      expect(batches.length).toBeGreaterThan(0);
      expect(batches.every((b) => b.pdf_enc === null && b.manifest_enc === null)).toBe(true);
      const gone = await service.http().get(`/v1/print-batches/${batches[0].id}/letters.pdf`).set('Authorization', bearer(p.policeSupervisor)).expect(410);
      expect(gone.body.message).toMatch(/removed 30 days after printing/);
      const [reply] = await sql(`SELECT briefing_enc FROM officer_tasks WHERE case_id = $1 AND kind = 'read_reply'`, [cases.A.id]);
      expect(reply.briefing_enc).toBeNull();
      expect((await victimRow(cases.A.victimId)).name_enc).not.toBeNull();
      expect(await sealedValues(cases.A.id)).toMatchObject({ 'incidents.description_enc': 1, 'task_attempts.note_enc': 1, 'cases.closure_enc': 1 });
      const history = await sql(`SELECT type, detail FROM case_events WHERE case_id = $1 AND type = 'message_bodies_removed'`, [cases.A.id]);
      expect(history[0].detail).toMatchObject({ noneLeft: true });
      expect((history[0].detail as { messages: number }).messages).toBeGreaterThanOrEqual(3);
      // Still answerable: the report reads what is left.
      const report = (await subjectAccess(p.policeSupervisor, cases.A.victimId).expect(200)).body;
      expect(report.cases[0].records.inboundMessages[0].body).toBeNull();
      expect(report.victimRecords[0].name).toBe('Olive Keeper');
    });

    it('leaves a closed case alone at 5 years 11 months, and anonymises it after 6 years', async () => {
      const auditBefore = (await sql(`SELECT id FROM audit_entries WHERE case_id = $1`, [cases.A.id])).length;
      const closedBefore = (await sql(`SELECT id FROM cases WHERE status = 'closed'`)).length;
      // F closed two months before A: past six years here, so the job has run when F is done.
      await moveClockUntil(ALMOST_SIX_YEARS, async () => (await caseRow(cases.F.id)).anonymised_at, 'F to be anonymised');
      expect((await caseRow(cases.A.id)).anonymised_at).toBeNull();
      expect((await victimRow(cases.A.victimId)).name_enc).not.toBeNull();

      await moveClockUntil(AFTER_SIX_YEARS, async () => (await caseRow(cases.A.id)).anonymised_at, 'A to be anonymised');
      const victim = await victimRow(cases.A.victimId);
      expect(victim).toMatchObject({
        name_enc: null, phone_enc: null, email_enc: null, address_enc: null, date_of_birth_enc: null,
        phone_hash: null, email_hash: null, name_postcode_hash: null, erased_at: null,
      });
      expect(await sealedValues(cases.A.id)).toEqual({});
      expect(await sql(`SELECT from_hash FROM inbound_messages WHERE case_id = $1`, [cases.A.id])).toEqual([{ from_hash: null }]);
      const c = await caseRow(cases.A.id);
      expect(c).toMatchObject({ status: 'closed', risk_level: 'standard', reference: cases.A.reference, lead_organisation_id: p.police.id });
      const [incident] = await sql(`SELECT postcode_district FROM incidents WHERE case_id = $1`, [cases.A.id]);
      expect(incident.postcode_district).toBe('NN1');
      expect((await sql(`SELECT id FROM audit_entries WHERE case_id = $1`, [cases.A.id])).length).toBe(auditBefore);
      expect((await sql(`SELECT id FROM cases WHERE status = 'closed'`)).length).toBe(closedBefore);
      expect(await sql(`SELECT detail FROM case_events WHERE case_id = $1 AND type = 'anonymised'`, [cases.A.id])).toEqual([{ detail: { cause: 'retention' } }]);
      const listed = await service.http().get('/v1/cases?status=closed').set('Authorization', bearer(p.policeSupervisor)).expect(200);
      expect(listed.body.map((k: Row) => k.id)).toContain(cases.A.id);
      const timeline = await service.http().get(`/v1/cases/${cases.A.id}/contacts`).set('Authorization', bearer(p.policeOfficer)).expect(200);
      expect(timeline.body.filter((k: Row) => k.status === 'sent').length).toBeGreaterThan(0);

      // No longer recognised as the same person: B (still open) now stands alone.
      const b = (await subjectAccess(p.policeSupervisor, cases.B.victimId).expect(200)).body;
      expect(b.cases.map((k: Row) => k.reference)).toEqual([cases.B.reference]);
      expect((await victimRow(cases.B.victimId)).name_enc).not.toBeNull();
    });
  });
});
