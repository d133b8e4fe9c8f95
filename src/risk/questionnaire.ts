import { readFileSync } from 'node:fs';

export type RiskLevel = 'standard' | 'medium' | 'high';

export interface RiskQuestion {
  id: string;
  text: string;
  weight: number;
  /** A yes makes the case high risk whatever the score. */
  makesHighRisk: boolean;
  /** A yes marks the victim as vulnerable. */
  indicatesVulnerability: boolean;
  helpText?: string;
}

export interface Questionnaire {
  version: string;
  /** Why the weights and thresholds are what they are; never shown outside the service. */
  notes?: string;
  thresholds: { medium: number; high: number };
  questions: RiskQuestion[];
}

const ID_PATTERN = /^[a-z][a-z0-9_]*$/;
const QUESTIONNAIRE_FIELDS = ['version', 'notes', 'thresholds', 'questions'];
const THRESHOLD_FIELDS = ['medium', 'high'];
const QUESTION_FIELDS = ['id', 'text', 'weight', 'makesHighRisk', 'indicatesVulnerability', 'helpText'];

/**
 * Reads and checks the questionnaire file; any problem throws, naming the file and every problem,
 * so the service refuses to start rather than score victims against a broken questionnaire.
 */
export function loadQuestionnaire(path: string): Questionnaire {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: is not valid JSON (${(error as Error).message})`);
  }
  const problems = questionnaireProblems(data);
  if (problems.length) throw new Error(`${path}: ${problems.join('; ')}`);
  return freeze(data as Questionnaire);
}

/** Every problem with a parsed questionnaire, each naming the field, e.g. `questions[3].weight must be…`. */
export function questionnaireProblems(data: unknown): string[] {
  if (!isPlainObject(data)) return ['must contain a JSON object'];
  const problems = unknownFields(data, QUESTIONNAIRE_FIELDS, '');

  if (!isNonEmptyString(data.version)) problems.push('version must be a non-empty string');
  if (data.notes !== undefined && typeof data.notes !== 'string') problems.push('notes must be a string');

  const thresholds = data.thresholds;
  if (!isPlainObject(thresholds)) {
    problems.push('thresholds must be an object with medium and high');
  } else {
    problems.push(...unknownFields(thresholds, THRESHOLD_FIELDS, 'thresholds.'));
    const { medium, high } = thresholds;
    if (!isPositiveInteger(medium)) problems.push('thresholds.medium must be a whole number greater than 0');
    if (!isPositiveInteger(high)) problems.push('thresholds.high must be a whole number greater than 0');
    if (isPositiveInteger(medium) && isPositiveInteger(high) && high <= medium) {
      problems.push(`thresholds.high (${high}) must be greater than thresholds.medium (${medium})`);
    }
  }

  const questions = data.questions;
  if (!Array.isArray(questions)) return [...problems, 'questions must be an array'];
  if (questions.length === 0) return [...problems, 'questions must contain at least one question'];

  const firstUse = new Map<string, number>();
  questions.forEach((question, i) => {
    const at = `questions[${i}]`;
    if (!isPlainObject(question)) {
      problems.push(`${at} must be an object`);
      return;
    }
    problems.push(...unknownFields(question, QUESTION_FIELDS, `${at}.`));
    const { id, text, weight, makesHighRisk, indicatesVulnerability, helpText } = question;
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      problems.push(`${at}.id must be snake_case: a lower-case letter, then lower-case letters, digits or underscores`);
    } else if (firstUse.has(id)) {
      problems.push(`${at}.id "${id}" is already used by questions[${firstUse.get(id)}]`);
    } else {
      firstUse.set(id, i);
    }
    if (!isNonEmptyString(text)) problems.push(`${at}.text must be a non-empty string`);
    if (!Number.isInteger(weight) || (weight as number) < 0) problems.push(`${at}.weight must be a non-negative integer`);
    if (typeof makesHighRisk !== 'boolean') problems.push(`${at}.makesHighRisk must be true or false`);
    if (typeof indicatesVulnerability !== 'boolean') problems.push(`${at}.indicatesVulnerability must be true or false`);
    if (helpText !== undefined && !isNonEmptyString(helpText)) problems.push(`${at}.helpText must be a non-empty string if given`);
  });

  // A threshold no combination of answers can reach is a mistake in the file, not a policy.
  if (!problems.length) {
    const { thresholds: t, questions: qs } = data as unknown as Questionnaire;
    const maxScore = qs.reduce((sum, q) => sum + q.weight, 0);
    if (t.high > maxScore) problems.push(`thresholds.high (${t.high}) is more than the highest possible score (${maxScore})`);
  }
  return problems;
}

// Unknown fields are refused so that a misspelt `makesHighRisk` cannot silently switch a rule off.
function unknownFields(value: Record<string, unknown>, known: string[], prefix: string): string[] {
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${prefix}${key} is not a recognised field`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) > 0;
}

function freeze(q: Questionnaire): Questionnaire {
  q.questions.forEach((question) => Object.freeze(question));
  Object.freeze(q.questions);
  Object.freeze(q.thresholds);
  return Object.freeze(q);
}
