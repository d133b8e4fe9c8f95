import { Global, Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { TemplateCatalogue } from '../templates/template-catalogue.js';
import { PreviewsController } from './previews.controller.js';
import { PreviewsService } from './previews.service.js';
import { TEMPLATES_DIR } from '../templates/templates-dir.js';

/** Loads and checks every template at start-up (a bad one stops the service) and previews them. */
@Global()
@Module({
  imports: [CasesModule, AgreementsModule],
  controllers: [PreviewsController],
  providers: [{ provide: TemplateCatalogue, useFactory: () => TemplateCatalogue.load(TEMPLATES_DIR) }, PreviewsService],
  exports: [TemplateCatalogue],
})
export class PreviewsModule {}
