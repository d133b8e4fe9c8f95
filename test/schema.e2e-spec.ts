import { TASK_KINDS } from '../src/tasks/officer-task.entity.js';
import { startTestService, type TestService } from './support/test-service.js';

/** The database's checks and the code's lists of allowed values must agree, or a write is a 500. */
describe('the schema agrees with the code', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService('embedded');
  });
  afterAll(async () => service?.stop());

  it('allows every task kind the code can create', async () => {
    const [c] = await service.sql<{ def: string }>(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'officer_tasks_kind_check'`,
    );
    const allowed = [...c.def.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort();
    expect(allowed).toEqual([...TASK_KINDS].sort());
  });
});
