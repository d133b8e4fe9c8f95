import { Module } from '@nestjs/common';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { AgreementsController } from './agreements.controller.js';
import { AgreementsService } from './agreements.service.js';
import { ContactFailover } from './contact-failover.js';
import { ContactPlanner } from './contact-planner.js';
import { ContactsRepository } from './contacts.repository.js';
import { OfficerUpdates } from './officer-updates.js';
import { UpdatePreviews } from './update-preview.js';

@Module({
  imports: [CasesModule, TasksModule, PartnershipModule],
  controllers: [AgreementsController],
  providers: [AgreementsService, ContactPlanner, ContactFailover, OfficerUpdates, UpdatePreviews, ContactsRepository],
  exports: [AgreementsService, ContactPlanner, OfficerUpdates],
})
export class AgreementsModule {}
