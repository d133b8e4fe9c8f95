// The house rules for code, checked by `npm run lint` (and so by CI), with no exceptions: any
// breach fails CI.
import tseslint from 'typescript-eslint';

/** SQL is written in a slice's `<slice>.repository.ts`, where one reader can find every query. */
// Upper-case keywords, as every statement here is written: "Select the officer" is a form's words, not SQL.
const SQL = '/^\\s*(SELECT|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|WITH|CREATE|ALTER|DROP|TRUNCATE|LOCK)\\s/';
const sqlOutsideRepositories = {
  'no-restricted-syntax': [
    'error',
    { selector: `Literal[value=${SQL}]`, message: 'SQL belongs in this slice\'s <slice>.repository.ts.' },
    { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${SQL}]`, message: 'SQL belongs in this slice\'s <slice>.repository.ts.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'dist-bench/**', 'node_modules/**', 'var/**', 'coverage/**', 'views/assets/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.repository.ts', 'src/database/migrations/**', 'src/**/*.spec.ts'],
    rules: sqlOutsideRepositories,
  },
  {
    // Tests read JSON and rows of any shape; CommonJS shims must require().
    files: ['test/**', 'bench/**', 'src/**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    rules: {
      // Unused arguments kept for a signature (Nest, Express) start with an underscore.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
