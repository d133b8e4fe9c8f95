import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadQuestionnaire } from './questionnaire.js';

const REAL_FILE = 'config/risk-questionnaire.json';

describe('the default questionnaire in config/', () => {
  const q = loadQuestionnaire(join(process.cwd(), REAL_FILE));

  it('has 12 questions with unique snake_case ids and a version', () => {
    expect(q.version).toBe('2026-11');
    expect(q.questions).toHaveLength(12);
    expect(new Set(q.questions.map((question) => question.id)).size).toBe(12);
  });

  it('makes threats or violence, hate and thoughts of self-harm high risk on their own, and nothing else', () => {
    const ids = q.questions.filter((question) => question.makesHighRisk).map((question) => question.id);
    expect(ids.sort()).toEqual(['hate_motivated', 'thoughts_of_self_harm', 'threats_or_violence']);
  });

  it('treats health, disability or illness, children or older people, and isolation as vulnerability', () => {
    const ids = q.questions.filter((question) => question.indicatesVulnerability).map((question) => question.id);
    expect(ids.sort()).toEqual(['affects_health', 'children_or_older_people', 'disability_or_illness', 'no_one_to_support']);
  });

  it('has thresholds that weights alone can reach, and explains them in notes', () => {
    const ordinary = q.questions.filter((question) => !question.makesHighRisk).reduce((sum, question) => sum + question.weight, 0);
    expect(q.thresholds.medium).toBeGreaterThan(0);
    expect(q.thresholds.high).toBeGreaterThan(q.thresholds.medium);
    expect(q.thresholds.high).toBeLessThanOrEqual(ordinary);
    expect(q.notes).toEqual(expect.stringMatching(/threshold|high starts/i));
  });

  it('is frozen, so one request cannot change the rules for the next', () => {
    expect(Object.isFrozen(q)).toBe(true);
    expect(Object.isFrozen(q.questions[0])).toBe(true);
  });
});

describe('loading a questionnaire file', () => {
  let dir: string;
  let count = 0;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'risk-questionnaire-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (content: string): string => {
    const file = join(dir, `questionnaire-${++count}.json`);
    writeFileSync(file, content);
    return file;
  };

  interface Raw {
    [field: string]: unknown;
    thresholds: { medium: number; high: number };
    questions: Record<string, unknown>[];
  }

  const valid = (): Raw => ({
    version: 'test-1',
    thresholds: { medium: 2, high: 4 },
    questions: [
      { id: 'first_question', text: 'Do you feel A?', weight: 1, makesHighRisk: false, indicatesVulnerability: false },
      { id: 'second', text: 'Do you feel B?', weight: 3, makesHighRisk: true, indicatesVulnerability: true, helpText: 'Help.' },
    ],
  });

  const errorFrom = (file: string): string => {
    try {
      loadQuestionnaire(file);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`${file} was accepted`);
  };

  it('accepts a valid file', () => {
    const q = loadQuestionnaire(write(JSON.stringify(valid())));
    expect(q.questions.map((question) => question.id)).toEqual(['first_question', 'second']);
    expect(q.thresholds).toEqual({ medium: 2, high: 4 });
  });

  it.each<[string, (raw: Raw) => void, string]>([
    ['a negative weight', (r) => (r.questions[1].weight = -1), 'questions[1].weight must be a non-negative integer'],
    ['a fractional weight', (r) => (r.questions[0].weight = 0.5), 'questions[0].weight must be a non-negative integer'],
    ['a weight given as text', (r) => (r.questions[0].weight = '1'), 'questions[0].weight must be a non-negative integer'],
    ['a duplicate id', (r) => (r.questions[1].id = 'first_question'), 'questions[1].id "first_question" is already used by questions[0]'],
    ['an id with capitals', (r) => (r.questions[0].id = 'First'), 'questions[0].id must be snake_case: a lower-case letter, then lower-case letters, digits or underscores'],
    ['an id with a hyphen', (r) => (r.questions[0].id = 'first-question'), 'questions[0].id must be snake_case: a lower-case letter, then lower-case letters, digits or underscores'],
    ['an id starting with a digit', (r) => (r.questions[0].id = '1st'), 'questions[0].id must be snake_case: a lower-case letter, then lower-case letters, digits or underscores'],
    ['empty text', (r) => (r.questions[1].text = '   '), 'questions[1].text must be a non-empty string'],
    ['missing makesHighRisk', (r) => delete r.questions[0].makesHighRisk, 'questions[0].makesHighRisk must be true or false'],
    ['indicatesVulnerability as text', (r) => (r.questions[0].indicatesVulnerability = 'yes'), 'questions[0].indicatesVulnerability must be true or false'],
    ['a misspelt field', (r) => (r.questions[0].makeHighRisk = true), 'questions[0].makeHighRisk is not a recognised field'],
    ['empty helpText', (r) => (r.questions[1].helpText = ''), 'questions[1].helpText must be a non-empty string if given'],
    ['no questions', (r) => (r.questions = []), 'questions must contain at least one question'],
    ['questions that are not a list', (r) => ((r as Record<string, unknown>).questions = {}), 'questions must be an array'],
    ['a question that is not an object', (r) => ((r.questions as unknown[])[1] = 'Do you feel B?'), 'questions[1] must be an object'],
    ['a missing version', (r) => delete r.version, 'version must be a non-empty string'],
    ['missing thresholds', (r) => delete (r as Record<string, unknown>).thresholds, 'thresholds must be an object with medium and high'],
    ['a medium threshold of 0', (r) => (r.thresholds.medium = 0), 'thresholds.medium must be a whole number greater than 0'],
    ['a fractional high threshold', (r) => (r.thresholds.high = 3.5), 'thresholds.high must be a whole number greater than 0'],
    ['high equal to medium', (r) => (r.thresholds.high = 2), 'thresholds.high (2) must be greater than thresholds.medium (2)'],
    ['high below medium', (r) => (r.thresholds = { medium: 3, high: 1 }), 'thresholds.high (1) must be greater than thresholds.medium (3)'],
    ['an unreachable high threshold', (r) => (r.thresholds.high = 5), 'thresholds.high (5) is more than the highest possible score (4)'],
    ['an unknown top-level field', (r) => (r.weights = {}), 'weights is not a recognised field'],
  ])('refuses %s, naming the file and the problem', (_, spoil, problem) => {
    const raw = valid();
    spoil(raw);
    const file = write(JSON.stringify(raw));
    expect(errorFrom(file)).toBe(`${file}: ${problem}`);
  });

  it('reports every problem at once', () => {
    const raw = valid();
    raw.questions[0].weight = -2;
    raw.questions[1].text = '';
    const file = write(JSON.stringify(raw));
    expect(errorFrom(file)).toBe(`${file}: questions[0].weight must be a non-negative integer; questions[1].text must be a non-empty string`);
  });

  it('refuses a file that is not JSON', () => {
    const file = write('{ "version": "1", ');
    expect(errorFrom(file)).toMatch(new RegExp(`^${escape(file)}: is not valid JSON`));
  });

  it('refuses JSON that is not an object', () => {
    const file = write('[]');
    expect(errorFrom(file)).toBe(`${file}: must contain a JSON object`);
  });

  it('refuses a file that does not exist', () => {
    const file = join(dir, 'missing.json');
    expect(errorFrom(file)).toMatch(new RegExp(`^${escape(file)}: cannot be read`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
