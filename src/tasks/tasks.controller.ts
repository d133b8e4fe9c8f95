import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { Caller } from '../auth/access.js';
import { CurrentCaller, Roles } from '../auth/access.js';
import { UuidParam } from '../http/uuid-param.js';
import { TASK_OUTCOMES, type TaskOutcome } from './officer-task.entity.js';
import { OfficerTasks } from './officer-tasks.service.js';

class ListTasksQuery {
  @ApiPropertyOptional({ enum: ['open', 'done', 'unsuccessful', 'cancelled', 'dismissed'] })
  @IsOptional() @IsIn(['open', 'done', 'unsuccessful', 'cancelled', 'dismissed'])
  status?: string;

  @ApiPropertyOptional({ description: 'true: only tasks assigned to me' })
  @IsOptional() @IsIn(['true', 'false'])
  mine?: 'true' | 'false';
}

class TaskAttemptDto {
  @ApiProperty({ enum: TASK_OUTCOMES })
  @IsIn(TASK_OUTCOMES)
  outcome!: TaskOutcome;

  @ApiPropertyOptional({ description: 'What was said or seen; kept encrypted' })
  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;
}

class CompleteTaskDto {
  @ApiPropertyOptional({ description: 'What was done; kept encrypted' })
  @IsOptional() @IsString() @MaxLength(4000)
  note?: string;
}

class DismissTaskDto {
  @ApiProperty({ description: 'Why the task is no longer needed; kept encrypted' })
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(4000)
  reason!: string;
}

/** Officers' calls and visits: the phone and in-person channels. */
@ApiTags('tasks')
@ApiBearerAuth()
@Roles('officer', 'supervisor')
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: OfficerTasks) {}

  @Get()
  list(@Query() query: ListTasksQuery, @CurrentCaller() caller: Caller) {
    return this.tasks.list(caller, { status: query.status, mine: query.mine === 'true' });
  }

  @Get(':id')
  get(@Param('id', UuidParam) id: string, @CurrentCaller() caller: Caller) {
    return this.tasks.get(id, caller);
  }

  @Post(':id/attempts')
  @HttpCode(200)
  attempt(@Param('id', UuidParam) id: string, @Body() dto: TaskAttemptDto, @CurrentCaller() caller: Caller) {
    return this.tasks.recordAttempt(id, caller, dto.outcome, dto.note);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@Param('id', UuidParam) id: string, @Body() dto: CompleteTaskDto, @CurrentCaller() caller: Caller) {
    return this.tasks.resolve(id, caller, 'complete', dto.note);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  dismiss(@Param('id', UuidParam) id: string, @Body() dto: DismissTaskDto, @CurrentCaller() caller: Caller) {
    return this.tasks.resolve(id, caller, 'dismiss', dto.reason);
  }
}
