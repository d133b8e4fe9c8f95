import { Module } from '@nestjs/common';
import { OfficerTasks } from './officer-tasks.service.js';
import { TasksController } from './tasks.controller.js';

@Module({ controllers: [TasksController], providers: [OfficerTasks], exports: [OfficerTasks] })
export class TasksModule {}
