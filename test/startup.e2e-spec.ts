import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startService } from '../src/service.js';
import { CapturedOutput, createDatabase } from './support/test-service.js';
import { freePort } from './support/wait.js';

const ADMIN_LINE = /^Admin API key \(shown once, store it safely\): (asb_\S+)$/m;

describe('start-up on the embedded defaults (no DATABASE_URL)', () => {
  const varDir = join(mkdtempSync(join(tmpdir(), 'asb-startup-')), 'var');
  let env: Record<string, string>;
  beforeAll(async () => {
    chmodSync(join(varDir, '..'), 0o755);
    env = { VAR_DIR: varDir, EMBEDDED_DATABASE_PORT: String(await freePort()), LOG_LEVEL: 'silent' };
  });

  it('prints the admin key and docs URL once, creates the training partnership, and keeps data across a restart', async () => {
    const first = new CapturedOutput();
    const service = await startService(env, first, { listen: false, schedule: false });
    let adminKey: string;
    try {
      expect(first.text).toContain('training mode');
      expect(first.text).toContain('API docs: http://localhost:3000/docs');
      adminKey = ADMIN_LINE.exec(first.text)![1];
      expect(first.text.match(/Training officer key: /g)?.length).toBeGreaterThanOrEqual(5);

      const http = request(service.app.getHttpServer());
      const organisations = await http.get('/v1/organisations').set('Authorization', `Bearer ${adminKey}`).expect(200);
      const codes = organisations.body.map((o: { code: string }) => o.code).sort();
      expect(codes).toEqual(['CSP', 'NBC', 'RVH', 'SDC', 'SPOL']);
      const neighbourhoods = await http.get('/v1/neighbourhoods').set('Authorization', `Bearer ${adminKey}`).expect(200);
      expect(neighbourhoods.body.map((n: { name: string }) => n.name).sort()).toEqual(['Northtown Centre', 'Southvale Villages']);
      await request(service.app.getHttpServer()).get('/health').expect(200);
      const docs = await request(service.app.getHttpServer()).get('/docs/openapi.json').expect(200);
      expect(Object.keys(docs.body.paths)).toContain('/v1/cases');
    } finally {
      await service.stop();
    }

    const second = new CapturedOutput();
    const again = await startService(env, second, { listen: false, schedule: false });
    try {
      expect(second.text).toContain('API docs:');
      expect(second.text).not.toMatch(/API key/);
      await request(again.app.getHttpServer()).get('/v1/officers/me').set('Authorization', `Bearer ${adminKey!}`).expect(200);
    } finally {
      await again.stop();
    }
  });
});

describe('start-up refusals', () => {
  it('names the bad variable in one line', async () => {
    await expect(startService({ PORT: 'eighty' }, new CapturedOutput())).rejects.toThrow(/^Configuration error: PORT /);
    await expect(startService({ CLOSE_OF_BUSINESS: '25:00' }, new CapturedOutput())).rejects.toThrow(
      'Configuration error: CLOSE_OF_BUSINESS must be a time of day as HH:mm, e.g. 17:00',
    );
    await expect(startService({ EXTRA_BANK_HOLIDAYS: '2022-09-19,2026-02-30' }, new CapturedOutput())).rejects.toThrow(
      'Configuration error: EXTRA_BANK_HOLIDAYS must be dates as YYYY-MM-DD separated by commas; "2026-02-30" is not one',
    );
    await expect(startService({ DATABASE_URL: 'postgres://127.0.0.1:1/asb' }, new CapturedOutput())).rejects.toThrow(
      /DATA_ENCRYPTION_KEY must be set when DATABASE_URL is set/,
    );
  });

  it('stops quickly with a clear message when the database is unreachable', async () => {
    const started = Date.now();
    await expect(
      startService(
        { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/asb', DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') },
        new CapturedOutput(),
      ),
    ).rejects.toThrow('Cannot reach the database at 127.0.0.1:1/asb (ECONNREFUSED); check DATABASE_URL and that PostgreSQL is running');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('several instances on one database', () => {
  it('migrate once and create one admin key between them', async () => {
    const databaseUrl = await createDatabase('external');
    const env = { DATABASE_URL: databaseUrl, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'silent', MODE: 'live' };
    const outputs = [new CapturedOutput(), new CapturedOutput(), new CapturedOutput()];
    const services = await Promise.all(outputs.map((out) => startService(env, out, { listen: false, schedule: false })));
    try {
      const keys = outputs.map((o) => ADMIN_LINE.exec(o.text)?.[1]).filter(Boolean);
      expect(keys).toHaveLength(1);
      expect(outputs.map((o) => o.text).join('')).not.toContain('Training officer key'); // live mode: no demo partnership
      for (const service of services) {
        await request(service.app.getHttpServer()).get('/v1/officers/me').set('Authorization', `Bearer ${keys[0]}`).expect(200);
      }
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  });
});
