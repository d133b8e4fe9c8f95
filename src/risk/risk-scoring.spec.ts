import { join } from 'node:path';
import { loadQuestionnaire, Questionnaire, RiskQuestion } from './questionnaire.js';
import { checkAnswers, publicQuestionnaire, scoreRisk } from './risk-scoring.js';

const real = loadQuestionnaire(join(process.cwd(), 'config/risk-questionnaire.json'));
const weightOf = (id: string): number => {
  const question = real.questions.find((candidate) => candidate.id === id);
  if (!question) throw new Error(`no question ${id} in the real questionnaire`);
  return question.weight;
};
const yesTo = (...ids: string[]): Record<string, boolean> => Object.fromEntries(ids.map((id) => [id, true]));
const sumOf = (...ids: string[]): number => ids.reduce((sum, id) => sum + weightOf(id), 0);

describe('scoring the default questionnaire', () => {
  it('scores no answers as standard risk and not vulnerable', () => {
    expect(scoreRisk(real, {})).toEqual({
      score: 0,
      level: 'standard',
      vulnerable: false,
      highRiskBecause: [],
      vulnerableBecause: [],
      questionnaireVersion: '2026-11',
    });
  });

  it('scores every question answered no the same as no answers', () => {
    const allNo = Object.fromEntries(real.questions.map((question) => [question.id, false]));
    expect(scoreRisk(real, allNo)).toEqual(scoreRisk(real, {}));
  });

  it.each(['threats_or_violence', 'thoughts_of_self_harm', 'hate_motivated'])('makes a case high risk on a yes to %s alone', (id) => {
    const result = scoreRisk(real, yesTo(id));
    expect(result.level).toBe('high');
    expect(result.score).toBe(weightOf(id));
    expect(result.score).toBeLessThan(real.thresholds.high); // high because of the rule, not the score
    expect(result.highRiskBecause).toEqual([id]);
  });

  it('keeps a single ordinary yes at standard risk', () => {
    const result = scoreRisk(real, yesTo('happens_often'));
    expect(result).toMatchObject({ score: weightOf('happens_often'), level: 'standard', highRiskBecause: [] });
  });

  it('makes targeted harm that leaves the victim unsafe at home medium risk', () => {
    const ids = ['targeted_personally', 'feels_unsafe_at_home'];
    const expected = sumOf(...ids);
    expect(expected).toBeGreaterThanOrEqual(real.thresholds.medium);
    expect(expected).toBeLessThan(real.thresholds.high);
    expect(scoreRisk(real, yesTo(...ids))).toMatchObject({ score: expected, level: 'medium', highRiskBecause: [] });
  });

  it('makes repeated, targeted harm affecting health and home life high risk by score alone', () => {
    const ids = ['targeted_personally', 'happens_often', 'feels_unsafe_at_home', 'affects_health', 'changed_daily_life'];
    const expected = sumOf(...ids);
    expect(expected).toBeGreaterThanOrEqual(real.thresholds.high);
    expect(scoreRisk(real, yesTo(...ids))).toMatchObject({ score: expected, level: 'high', highRiskBecause: [] });
  });

  it('adds every yes to the score, including the high-risk ones', () => {
    const everything = real.questions.map((question) => question.id);
    const result = scoreRisk(real, yesTo(...everything));
    expect(result.score).toBe(sumOf(...everything));
    expect(result.highRiskBecause).toEqual(['hate_motivated', 'threats_or_violence', 'thoughts_of_self_harm']);
  });

  it.each(['affects_health', 'disability_or_illness', 'children_or_older_people', 'no_one_to_support'])(
    'marks the victim vulnerable on a yes to %s',
    (id) => {
      const result = scoreRisk(real, yesTo(id));
      expect(result.vulnerable).toBe(true);
      expect(result.vulnerableBecause).toEqual([id]);
    },
  );

  it('does not mark the victim vulnerable for the incident alone', () => {
    const result = scoreRisk(real, yesTo('targeted_personally', 'happens_often', 'threats_or_violence'));
    expect(result.vulnerable).toBe(false);
    expect(result.vulnerableBecause).toEqual([]);
  });

  it('lists every vulnerability answered yes, in questionnaire order', () => {
    const result = scoreRisk(real, yesTo('no_one_to_support', 'affects_health', 'happens_often'));
    expect(result.vulnerableBecause).toEqual(['affects_health', 'no_one_to_support']);
  });
});

describe('risk thresholds', () => {
  const question = (id: string, weight: number, makesHighRisk = false): RiskQuestion => ({
    id,
    text: `Question ${id}?`,
    weight,
    makesHighRisk,
    indicatesVulnerability: false,
  });
  const small: Questionnaire = {
    version: 'thresholds-test',
    thresholds: { medium: 3, high: 6 },
    questions: [question('one', 1), question('two', 2), question('four', 4), question('override', 0, true)],
  };

  it.each<[string[], number, string]>([
    [['two'], 2, 'standard'],
    [['one', 'two'], 3, 'medium'],
    [['one', 'four'], 5, 'medium'],
    [['two', 'four'], 6, 'high'],
    [['one', 'two', 'four'], 7, 'high'],
    [['override'], 0, 'high'],
  ])('scores yes to %j as %i, %s', (ids, score, level) => {
    expect(scoreRisk(small, yesTo(...ids))).toMatchObject({ score, level, questionnaireVersion: 'thresholds-test' });
  });

  it('treats a no to a high-risk question as no', () => {
    expect(scoreRisk(small, { override: false, one: true })).toMatchObject({ score: 1, level: 'standard', highRiskBecause: [] });
  });
});

describe('checking answers', () => {
  it('accepts yes/no answers to known questions, and no answers at all', () => {
    expect(checkAnswers(real, { threats_or_violence: false, feels_unsafe_at_home: true }, 'riskAssessment.answers')).toEqual([]);
    expect(checkAnswers(real, {}, 'riskAssessment.answers')).toEqual([]);
  });

  it('names an answer to a question that is not in the questionnaire', () => {
    expect(checkAnswers(real, { threats_or_violence: true, has_a_dog: true }, 'riskAssessment.answers')).toEqual([
      { field: 'riskAssessment.answers.has_a_dog', message: '"has_a_dog" is not a question in the risk questionnaire' },
    ]);
  });

  it('does not mistake built-in object properties for questions', () => {
    const answers = JSON.parse('{ "constructor": true, "__proto__": true }');
    expect(checkAnswers(real, answers, 'riskAssessment.answers').map((problem) => problem.field)).toEqual([
      'riskAssessment.answers.constructor',
      'riskAssessment.answers.__proto__',
    ]);
  });

  it.each([['yes'], [1], [null], [{}]])('refuses %j as an answer', (value) => {
    expect(checkAnswers(real, { affects_health: value }, 'riskAssessment.answers')).toEqual([
      { field: 'riskAssessment.answers.affects_health', message: 'must be true or false' },
    ]);
  });

  it('reports one problem per bad answer', () => {
    const problems = checkAnswers(real, { affects_health: 'no', happens_often: 0, unknown_one: true, targeted_personally: true }, 'riskAssessment.answers');
    expect(problems.map((problem) => problem.field)).toEqual([
      'riskAssessment.answers.affects_health',
      'riskAssessment.answers.happens_often',
      'riskAssessment.answers.unknown_one',
    ]);
  });

  it.each([[null], [undefined], [[true, false]], ['yes'], [42]])('refuses %j as the answers', (answers) => {
    expect(checkAnswers(real, answers, 'riskAssessment.answers')).toEqual([{ field: 'riskAssessment.answers', message: expect.any(String) }]);
  });
});

describe('the questionnaire as officers see it', () => {
  const published = publicQuestionnaire(real);

  it('lists every question in order with what the officer screen needs', () => {
    expect(published.map((question) => question.id)).toEqual(real.questions.map((question) => question.id));
    for (const question of published) {
      expect(Object.keys(question).sort()).toEqual(
        expect.arrayContaining(['id', 'indicatesVulnerability', 'makesHighRisk', 'text', 'weight']),
      );
    }
  });

  it('includes help text only where the file has it', () => {
    const withoutHelp = real.questions.filter((question) => question.helpText === undefined).map((question) => question.id);
    expect(withoutHelp.length).toBeGreaterThan(0);
    for (const question of published) {
      expect('helpText' in question).toBe(!withoutHelp.includes(question.id));
    }
    expect(published.find((question) => question.id === 'hate_motivated')?.helpText).toMatch(/race, religion, disability/);
  });

  it('leaves out the internal notes and thresholds', () => {
    const json = JSON.stringify(published);
    expect(json).not.toContain(real.notes!.slice(0, 40));
    expect(json).not.toContain('thresholds');
  });
});
