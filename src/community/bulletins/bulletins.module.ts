import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module.js';
import { PartnershipModule } from '../../partnership/partnership.module.js';
import { BulletinContentModule } from '../bulletin-content/bulletin-content.module.js';
import { NeighbourhoodsModule } from '../neighbourhoods/neighbourhoods.module.js';
import { TasksModule } from '../../tasks/tasks.module.js';
import { BulletinApprovals } from './bulletin-approvals.js';
import { BulletinFanOut } from './bulletin-fan-out.js';
import { BulletinRefusals } from './bulletin-refusals.js';
import { BulletinsController } from './bulletins.controller.js';
import { BulletinsRepository } from './bulletins.repository.js';
import { BulletinsService } from './bulletins.service.js';
import { StaffNotices } from './staff-notices.js';

@Module({
  imports: [ContactsModule, PartnershipModule, BulletinContentModule, NeighbourhoodsModule, TasksModule],
  controllers: [BulletinsController],
  providers: [BulletinsService, BulletinsRepository, BulletinFanOut, BulletinRefusals, BulletinApprovals, StaffNotices],
  exports: [BulletinFanOut, BulletinsService, BulletinApprovals, BulletinRefusals],
})
export class BulletinsModule {}
