import { Inject, Injectable } from '@nestjs/common';
import { InputError } from '../http/input-error.js';
import type { Questionnaire } from './questionnaire.js';
import { checkAnswers, publicQuestionnaire, RiskResult, scoreRisk } from './risk-scoring.js';

export const QUESTIONNAIRE = Symbol('QUESTIONNAIRE');

/** Scores a victim's answers against the partnership's questionnaire from `config/`. */
@Injectable()
export class RiskService {
  constructor(@Inject(QUESTIONNAIRE) private readonly questionnaire: Questionnaire) {}

  /**
   * Every unknown question or non-yes/no answer is a 400 naming the field as sent: `answersField`
   * is the answers' path in the request body (`riskAssessment.answers`, or `answers`).
   */
  assess(answers: unknown, answersField: string): RiskResult & { answers: Record<string, boolean> } {
    const problems = checkAnswers(this.questionnaire, answers, answersField);
    if (problems.length) throw new InputError(problems.map((p) => ({ ...p, rule: 'riskQuestionnaire' })));
    const valid = answers as Record<string, boolean>;
    return { ...scoreRisk(this.questionnaire, valid), answers: valid };
  }

  published() {
    return { version: this.questionnaire.version, questions: publicQuestionnaire(this.questionnaire) };
  }
}
