import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsISO8601 } from 'class-validator';
import { ClockService } from '../clock/clock.service.js';
import { Dispatcher } from '../contacts/dispatcher.js';
import { InputError } from '../http/input-error.js';
import { Settings } from '../settings/settings.js';

class MoveClockDto {
  @ApiProperty({ example: '2026-12-01T09:00:00Z', description: 'The new "now"; only forward' })
  @IsISO8601({ strict: true, strictSeparator: true })
  now!: string;
}

/** The training sandbox's clock: officers move time on to rehearse a case to closure. */
@ApiTags('training')
@ApiBearerAuth()
@Controller('v1/training/clock')
export class TrainingController {
  constructor(
    private readonly clock: ClockService,
    private readonly dispatcher: Dispatcher,
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
    this.clock.travelTo(to);
    const dispatched = await this.dispatcher.tick({ everything: true }); // what has now come due goes to the outbox
    return { now: this.clock.now().toISOString(), dispatched };
  }

  private onlyInTraining(): void {
    if (this.settings.mode !== 'training') throw new NotFoundException();
  }
}
