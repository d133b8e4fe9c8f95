import { SchedulerRegistry } from '@nestjs/schedule';
import type { ContactPlanner } from '../contacts/contact-planner.js';
import { ClockService } from '../clock/clock.service.js';
import type { Dispatcher } from '../contacts/dispatcher.js';
import type { Schedule, ScheduledJob } from './schedule.js';
import { Scheduler } from './scheduler.js';

/** The Scheduler on its own: which of the Schedule's jobs run, in what order, and that one failing stops none. */
describe('Scheduler', () => {
  const calls: string[] = [];
  const job = (name: string, when: ScheduledJob['when'], result: () => number = () => 1): ScheduledJob => ({
    name, when, run: async () => { calls.push(name); return result(); },
  });
  const make = (jobs: ScheduledJob[], clock: ClockService, enabled = false) => {
    const registry = new SchedulerRegistry();
    const dispatcher = { tick: async () => { calls.push('dispatch'); return 7; } } as unknown as Dispatcher;
    const planner = { planNewCases: async () => { calls.push('plan'); return 0; } } as unknown as ContactPlanner;
    const scheduler = new Scheduler({ jobs } as Schedule, registry, dispatcher, planner, clock, { enabled, databaseUrl: '' });
    return { scheduler, registry };
  };
  const clockAt = (iso: string) => {
    const clock = new ClockService();
    clock.travelTo(new Date(iso));
    return clock;
  };

  beforeEach(() => calls.splice(0));

  it('runs every periodic job in order; one that throws is left out of the results and the rest still run', async () => {
    const { scheduler } = make([
      job('first', { every: 10_000 }),
      job('broken', { every: 10_000 }, () => { throw new Error('boom'); }),
      job('last', { every: 10_000 }, () => 3),
    ], clockAt('2026-12-01T10:00:00Z'));
    expect(await scheduler.runDue()).toEqual({ first: 1, last: 3 });
    expect(calls).toEqual(['first', 'broken', 'last']);
  });

  it('runs a job set for a time of day (London) only once the clock has passed that time, then not again until the next', async () => {
    // Tuesday 1 December 2026, 15:00 London (GMT).
    const clock = clockAt('2026-12-01T15:00:00Z');
    const { scheduler } = make([job('print run', { at: '30 15 * * 1-5' })], clock);
    expect(await scheduler.runDue()).toEqual({});
    clock.travelTo(new Date('2026-12-01T15:31:00Z'));
    expect(await scheduler.runDue()).toEqual({ 'print run': 1 });
    expect(await scheduler.runDue()).toEqual({});
    clock.travelTo(new Date('2026-12-02T15:30:00Z'));
    expect(await scheduler.runDue()).toEqual({ 'print run': 1 });
  });

  it('counts a time of day a training clock move jumped over as passed, and dispatches after the jobs', async () => {
    const clock = clockAt('2026-12-01T15:00:00Z');
    const { scheduler } = make([job('periodic', { every: 10_000 }), job('print run', { at: '30 15 * * 1-5' })], clock);
    const since = clock.now();
    clock.travelTo(new Date('2026-12-01T16:00:00Z'));
    expect(await scheduler.clockMoved(since)).toBe(7);
    expect(calls).toEqual(['plan', 'periodic', 'print run', 'dispatch']);
  });

  it('registers each job under its name on @nestjs/schedule only when scheduling is on', () => {
    const jobs = [job('periodic', { every: 10_000 }), job('print run', { at: '30 15 * * 1-5' })];
    const off = make(jobs, clockAt('2026-12-01T15:00:00Z'));
    off.scheduler.onApplicationBootstrap();
    expect(off.registry.getIntervals()).toEqual([]);
    const on = make(jobs, clockAt('2026-12-01T15:00:00Z'), true);
    on.scheduler.onApplicationBootstrap();
    try {
      expect(on.registry.getIntervals().sort()).toEqual(['periodic', 'print run']);
    } finally {
      for (const name of on.registry.getIntervals()) on.registry.deleteInterval(name);
    }
  });
});
