import { Module } from '@nestjs/common';
import { ContactsModule } from '../../contacts/contacts.module.js';
import { PublicLimitsModule } from '../../public-limits/public-limits.module.js';
import { NeighbourhoodsModule } from '../neighbourhoods/neighbourhoods.module.js';
import { PublicSubscribeController } from './public-subscribe.controller.js';
import { PublicUnsubscribeController } from './public-unsubscribe.controller.js';
import { SubscriberConfirmations } from './subscriber-confirmations.js';
import { SubscriberImport } from './subscriber-import.js';
import { SubscriberPages } from './subscriber-pages.js';
import { SubscribersController } from './subscribers.controller.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { Subscriptions } from './subscriptions.service.js';

/**
 * Residents who asked for neighbourhood news: subscribing with double opt-in, confirming,
 * unsubscribing, and imports of existing lists. Text replies (YES, STOP) are handled with the
 * other inbound texts (`InboundSms`, using `subscriber-sms-replies.ts`).
 */
@Module({
  imports: [ContactsModule, NeighbourhoodsModule, PublicLimitsModule],
  controllers: [PublicSubscribeController, PublicUnsubscribeController, SubscribersController],
  providers: [
    Subscriptions,
    SubscriberConfirmations,
    SubscriberImport,
    SubscribersRepository,
    { provide: SubscriberPages, useFactory: () => SubscriberPages.load() }, // a broken page stops start-up
  ],
})
export class SubscribersModule {}
