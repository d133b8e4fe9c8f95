import { Module } from '@nestjs/common';
import { OfficerTasks } from './officer-tasks.service.js';
import { StaffTasks } from './staff-tasks.service.js';
import { TasksController } from './tasks.controller.js';
import { TasksRepository } from './tasks.repository.js';

@Module({ controllers: [TasksController], providers: [OfficerTasks, StaffTasks, TasksRepository], exports: [OfficerTasks, StaffTasks, TasksRepository] })
export class TasksModule {}
