import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPhone, type PhoneMode } from './phone-numbers.js';

/**
 * Every phone number the product shows as an example must pass its own validator in the mode it is
 * shown for: API docs (ApiProperty examples) and error messages in both modes (training-only routes
 * in training); the README, template samples, the training partnership and the fictional defaults in
 * .env.example in training, where Ofcom's drama numbers belong.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const NUMBER = /(?:\+44[\d\s()]{9,16}\d|\(?\b0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b)/g;

function files(dir: string, ending: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith(ending)).map((f) => join(dir, f));
}

function numbersIn(file: string, only?: RegExp): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const scoped = only ? [...text.matchAll(only)].map((m) => m[0]).join('\n') : text;
  return [...scoped.matchAll(NUMBER)].map((m) => m[0].trim());
}

const apiExamples = (): [string, string][] =>
  files('src', '.ts').filter((f) => !f.endsWith('.spec.ts')).flatMap((f) => numbersIn(f, /Api\w*\(\{[^]*?\}\)/g).map((n): [string, string] => [f, n]));

const SOURCES: [what: string, modes: PhoneMode[], numbers: () => [string, string][]][] = [
  ['API docs examples', ['training', 'live'], () => apiExamples().filter(([f]) => !f.startsWith('src/training/'))],
  ['API docs of training-only routes', ['training'], () => apiExamples().filter(([f]) => f.startsWith('src/training/'))],
  ['README', ['training'], () => numbersIn('README.md').map((n) => ['README.md', n])],
  ['template samples', ['training'], () => [...files('templates', '.json'), ...files('templates', '.md')].flatMap((f) => numbersIn(f).map((n): [string, string] => [f, n]))],
  ['training partnership', ['training'], () => numbersIn('src/partnership/first-run.service.ts').map((n) => ['first-run.service.ts', n])],
  // The defaults shown there are the fictional ones the service starts with.
  ['.env.example', ['training'], () => numbersIn('.env.example').map((n) => ['.env.example', n])],
];

describe('example phone numbers', () => {
  it.each(SOURCES)('in the %s pass the validator (%j)', (_what, modes, numbers) => {
    const found = numbers();
    expect(found.length).toBeGreaterThan(0);
    const refused = found.flatMap(([file, n]) => modes.flatMap((mode) => {
      const check = checkPhone(n, 'example', mode, 'organisation');
      return check.ok ? [] : [`${file}: ${n} (${mode}): ${check.message}`];
    }));
    expect(refused).toEqual([]);
  });

  it('in error messages pass in the mode the message is given in', () => {
    for (const mode of ['training', 'live'] as PhoneMode[]) {
      const message = checkPhone('0123', 'phone', mode);
      const examples = message.ok ? [] : [...message.message.matchAll(NUMBER)].map((m) => m[0]);
      for (const example of examples) expect([mode, example, checkPhone(example, 'phone', mode).ok]).toEqual([mode, example, true]);
    }
  });
});
