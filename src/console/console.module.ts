import { Module } from '@nestjs/common';
import { PartnershipModule } from '../partnership/partnership.module.js';
import { ConsoleAccounts } from './accounts.service.js';
import { ConsoleRepository } from './console.repository.js';
import { ConsoleWeb } from './console-web.js';
import { PasswordLinksController } from './password-links.controller.js';

/** The case officer's web console (issue 14): pages, sessions and console passwords. */
@Module({
  imports: [PartnershipModule],
  controllers: [PasswordLinksController],
  providers: [ConsoleRepository, ConsoleAccounts, ConsoleWeb],
  exports: [ConsoleAccounts, ConsoleWeb],
})
export class ConsoleModule {}
