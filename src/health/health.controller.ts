import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access.js';
import { ClockService } from '../clock/clock.service.js';
import { ContactLog } from '../contacts/contact-log.js';
import { Dispatcher } from '../contacts/dispatcher.js';
import { Readiness } from './readiness.js';

/** A contact should be claimed within a tick or two of falling due. */
const BACKLOG_AFTER_MS = 60_000;
/** A dispatching instance claims every second; this long without a clean claim means it is stuck. */
const STUCK_AFTER_MS = 30_000;

/**
 * `GET /health`: 200 when the database answers and dispatch is keeping up, 503 otherwise, with
 * `dispatch` saying why: this instance's last clean claim of due contacts, its last failing
 * stage, and the contacts due more than a minute ago that nobody has claimed.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dispatcher: Dispatcher,
    private readonly contacts: ContactLog,
    private readonly clock: ClockService,
    private readonly readiness: Readiness,
  ) {}

  /** 503 while the service is still setting up (first run) or stopping. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    if (!this.readiness.ready) throw new ServiceUnavailableException({ status: 'starting', message: 'The service is not ready yet' });
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 }), () => this.dispatch()]);
  }

  private async dispatch() {
    const indicator = this.indicators.check('dispatch');
    const { dispatching, startedAt, lastClaimAt, lastFailure } = this.dispatcher.status();
    const backlog = await this.contacts.unclaimedBacklog(new Date(this.clock.now().getTime() - BACKLOG_AFTER_MS));
    const lastProgress = lastClaimAt ?? startedAt;
    const stuck = dispatching && (!lastProgress || Date.now() - lastProgress.getTime() > STUCK_AFTER_MS);
    const data = {
      dispatching,
      lastSuccessfulTickAt: lastClaimAt?.toISOString() ?? null,
      lastFailure: lastFailure ? { stage: lastFailure.stage, at: lastFailure.at.toISOString() } : null,
      dueOlderThanAMinute: backlog.count,
      oldestDueAt: backlog.oldestDueAt?.toISOString() ?? null,
    };
    return stuck || backlog.count > 0 ? indicator.down(data) : indicator.up(data);
  }
}
