import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module.js';
import { PartnershipModule } from '../../partnership/partnership.module.js';
import { BulletinContentModule } from '../bulletin-content/bulletin-content.module.js';
import { NeighbourhoodsModule } from '../neighbourhoods/neighbourhoods.module.js';
import { BulletinFanOut } from './bulletin-fan-out.js';
import { BulletinsController } from './bulletins.controller.js';
import { BulletinsService } from './bulletins.service.js';

@Module({
  imports: [ContactsModule, PartnershipModule, BulletinContentModule, NeighbourhoodsModule],
  controllers: [BulletinsController],
  providers: [BulletinsService, BulletinFanOut],
  exports: [BulletinFanOut],
})
export class BulletinsModule {}
