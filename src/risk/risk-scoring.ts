import type { Questionnaire, RiskLevel } from './questionnaire.js';

export interface RiskResult {
  score: number;
  level: RiskLevel;
  vulnerable: boolean;
  /** Ids of questions answered yes that make a case high risk on their own. */
  highRiskBecause: string[];
  /** Ids of questions answered yes that mark the victim as vulnerable. */
  vulnerableBecause: string[];
  questionnaireVersion: string;
}

export interface AnswerProblem {
  field: string;
  message: string;
}

/** What an officer's screen needs to ask the questions and explain the result. */
export interface PublicQuestion {
  id: string;
  text: string;
  helpText?: string;
  weight: number;
  makesHighRisk: boolean;
  indicatesVulnerability: boolean;
}

/**
 * One problem per unknown question or non-yes/no answer; unanswered questions are fine (they count
 * as no). `answersField` is where the answers sit in the request body, so a problem names the field
 * the caller sent: `riskAssessment.answers` inside a new case or an evidence review, `answers` on
 * `POST /v1/cases/:id/risk-assessments`.
 */
export function checkAnswers(q: Questionnaire, answers: unknown, answersField: string): AnswerProblem[] {
  if (!isPlainObject(answers)) {
    return [{ field: answersField, message: 'must be an object of question ids, each answered true or false' }];
  }
  const ids = new Set(q.questions.map((question) => question.id));
  return Object.entries(answers).flatMap(([key, value]): AnswerProblem[] => {
    const field = `${answersField}.${key}`;
    if (!ids.has(key)) return [{ field, message: `"${key}" is not a question in the risk questionnaire` }];
    if (typeof value !== 'boolean') return [{ field, message: 'must be true or false' }];
    return [];
  });
}

/** Scores answers already passed by `checkAnswers`; anything not answered `true` counts as no. */
export function scoreRisk(q: Questionnaire, answers: Record<string, boolean>): RiskResult {
  // Own properties only, so an id such as `constructor` never picks up something inherited.
  const yes = q.questions.filter((question) => Object.hasOwn(answers, question.id) && answers[question.id] === true);
  const score = yes.reduce((sum, question) => sum + question.weight, 0);
  const highRiskBecause = yes.filter((question) => question.makesHighRisk).map((question) => question.id);
  const vulnerableBecause = yes.filter((question) => question.indicatesVulnerability).map((question) => question.id);
  return {
    score,
    level: levelFor(q, score, highRiskBecause.length > 0),
    vulnerable: vulnerableBecause.length > 0,
    highRiskBecause,
    vulnerableBecause,
    questionnaireVersion: q.version,
  };
}

/** The questions as an officer sees them: everything but the internal notes and thresholds. */
export function publicQuestionnaire(q: Questionnaire): PublicQuestion[] {
  return q.questions.map(({ id, text, helpText, weight, makesHighRisk, indicatesVulnerability }) => ({
    id,
    text,
    ...(helpText === undefined ? {} : { helpText }),
    weight,
    makesHighRisk,
    indicatesVulnerability,
  }));
}

function levelFor(q: Questionnaire, score: number, highRiskAnswer: boolean): RiskLevel {
  if (highRiskAnswer || score >= q.thresholds.high) return 'high';
  if (score >= q.thresholds.medium) return 'medium';
  return 'standard';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
