import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ClockService } from '../clock/clock.service.js';
import { saveTrainingClockOffset } from '../clock/training-clock.repository.js';
import { Roles } from '../auth/access.js';
import { Scheduler } from '../scheduling/scheduler.js';
import { InputError } from '../http/input-error.js';
import { Settings } from '../settings/settings.js';

/** How far one move may take the training clock: a rehearsal spans years, not millennia. */
export const TRAINING_CLOCK_RANGE_YEARS = 5;

class MoveClockDto {
  @ApiProperty({ example: '2026-12-01T09:00:00Z', description: `The new "now"; only forward, and within ${TRAINING_CLOCK_RANGE_YEARS} years of the current time` })
  @IsISO8601({ strict: true, strictSeparator: true })
  now!: string;
}

/**
 * The training sandbox's clock: officers move time on to rehearse a case to closure. Case
 * officers and supervisors only (comms staff and admins do not rehearse cases), and each move
 * goes at most TRAINING_CLOCK_RANGE_YEARS beyond the clock's current time (a clock moved to
 * 9999-12-31 leaves no working day for any deadline; retention rehearsals move in steps): 400 naming `now` (rules `forwardOnly`, `withinRange`).
 */
@ApiTags('training')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/training/clock')
export class TrainingController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: ClockService,
    private readonly scheduler: Scheduler,
    @Inject(Settings) private readonly settings: Settings,
  ) {}

  @Get()
  read() {
    this.onlyInTraining();
    return { now: this.clock.now().toISOString() };
  }

  @Post()
  @HttpCode(200)
  async move(@Body() dto: MoveClockDto) {
    this.onlyInTraining();
    const to = new Date(dto.now);
    if (to.getTime() < this.clock.now().getTime()) {
      throw InputError.of('now', 'forwardOnly', `now must not be earlier than the current time, ${this.clock.now().toISOString()}`);
    }
    const limit = this.clock.now();
    limit.setUTCFullYear(limit.getUTCFullYear() + TRAINING_CLOCK_RANGE_YEARS);
    if (to.getTime() > limit.getTime()) {
      throw InputError.of('now', 'withinRange', `now must be within ${TRAINING_CLOCK_RANGE_YEARS} years of the current time, no later than ${limit.toISOString()}`);
    }
    const since = this.clock.now();
    this.clock.travelTo(to);
    // Kept, so a restart carries on from here rather than from real time.
    await saveTrainingClockOffset(this.db.manager, this.clock.offset, new Date());
    // What has now come due goes to the outbox, and the work of the times passed (the print run) is done.
    const dispatched = await this.scheduler.clockMoved(since);
    return { now: this.clock.now().toISOString(), dispatched };
  }

  private onlyInTraining(): void {
    if (this.settings.mode !== 'training') throw new NotFoundException();
  }
}
