import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/access.js';
import { Readiness } from './readiness.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly readiness: Readiness,
  ) {}

  /** 503 while the service is still setting up (first run) or stopping. */
  @Get()
  @Public()
  @HealthCheck()
  check() {
    if (!this.readiness.ready) throw new ServiceUnavailableException({ status: 'starting', message: 'The service is not ready yet' });
    return this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
  }
}
