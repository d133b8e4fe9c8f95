import { Module } from '@nestjs/common';
import { AgreementsModule } from '../contacts/agreements.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { TasksModule } from '../tasks/tasks.module.js';
import { PublicSurveyController } from './public-survey.controller.js';
import { PublicSurveys } from './public-surveys.js';
import { SatisfactionReport } from './satisfaction-report.js';
import { SatisfactionReportController } from './satisfaction-report.controller.js';
import { SurveyAnswers } from './survey-answers.js';
import { SurveyPages } from './survey-pages.js';
import { SurveysController } from './surveys.controller.js';
import { SurveysRepository } from './surveys.repository.js';
import { SurveysService } from './surveys.service.js';

/** Satisfaction surveys: sending them, taking answers (link, SMS reply, reply slip), and reporting. */
@Module({
  imports: [CasesModule, AgreementsModule, TasksModule],
  controllers: [PublicSurveyController, SurveysController, SatisfactionReportController],
  providers: [
    SurveysService,
    SurveysRepository,
    SurveyAnswers,
    PublicSurveys,
    SatisfactionReport,
    { provide: SurveyPages, useFactory: () => SurveyPages.load() }, // a broken page stops start-up
  ],
  exports: [SurveysService, SurveyAnswers],
})
export class SurveysModule {}
