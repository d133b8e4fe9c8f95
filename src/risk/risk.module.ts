import { DynamicModule, Module } from '@nestjs/common';
import { loadQuestionnaire } from './questionnaire.js';
import { RiskController } from './risk.controller.js';
import { QUESTIONNAIRE, RiskService } from './risk.service.js';

@Module({})
export class RiskModule {
  /** Loads and checks the questionnaire file once; a bad file stops the service. */
  static register(questionnaireFile: string): DynamicModule {
    return {
      module: RiskModule,
      global: true,
      controllers: [RiskController],
      providers: [{ provide: QUESTIONNAIRE, useFactory: () => loadQuestionnaire(questionnaireFile) }, RiskService],
      exports: [RiskService],
    };
  }
}
