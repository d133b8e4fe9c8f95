import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { DeliveryService } from './delivery.service.js';

@Module({
  imports: [CasesModule, TasksModule],
  providers: [DeliveryService],
  exports: [DeliveryService],
})
export class ContactsModule {}
