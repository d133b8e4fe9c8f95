import { Inject, Injectable } from '@nestjs/common';
import { InputError } from '../http/input-error.js';
import type { Questionnaire } from './questionnaire.js';
import { checkAnswers, publicQuestionnaire, RiskResult, scoreRisk } from './risk-scoring.js';

export const QUESTIONNAIRE = Symbol('QUESTIONNAIRE');

/** The questionnaire's question that an incident recorded as hate-motivated answers (config/risk-questionnaire.json). */
const HATE_QUESTION = 'hate_motivated';

/** Scores a victim's answers against the partnership's questionnaire from `config/`. */
@Injectable()
export class RiskService {
  constructor(@Inject(QUESTIONNAIRE) private readonly questionnaire: Questionnaire) {}

  /**
   * Every unknown question or non-yes/no answer is a 400 naming the field as sent: `answersField`
   * is the answers' path in the request body (`riskAssessment.answers`, or `answers`).
   */
  assess(answers: unknown, answersField: string, incident: { hateMotivated?: boolean } = {}): RiskResult & { answers: Record<string, boolean> } {
    const problems = checkAnswers(this.questionnaire, answers, answersField);
    if (problems.length) throw new InputError(problems.map((p) => ({ ...p, rule: 'riskQuestionnaire' })));
    const valid = { ...(answers as Record<string, boolean>) };
    // An incident recorded as hate-motivated answers the questionnaire's hate question yes, so the
    // case is assessed as the published rule says (hate motivation alone makes it high risk).
    if (incident.hateMotivated && this.questionnaire.questions.some((q) => q.id === HATE_QUESTION)) valid[HATE_QUESTION] = true;
    return { ...scoreRisk(this.questionnaire, valid), answers: valid };
  }

  published() {
    return { version: this.questionnaire.version, questions: publicQuestionnaire(this.questionnaire) };
  }
}
