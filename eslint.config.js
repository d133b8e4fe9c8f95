// The house rules for code, checked by `npm run lint` (and so by CI), with no exceptions: any
// breach fails CI.
//
// SQL lives in a slice's `<slice>.repository.ts` (migrations and *.spec.ts aside). Everywhere else
// in src/ the lint refuses: a string or template that starts like an SQL statement; any
// `.createQueryBuilder(...)` call (query builders take SQL fragments in where/join/orderBy, and
// setLock); and any `.query(...)` call (raw SQL on a DataSource, EntityManager, QueryRunner or pg
// client). A service that needs a query calls a named repository method, passing its
// EntityManager so the query runs in the caller's transaction.
import tseslint from 'typescript-eslint';

/** SQL is written in a slice's `<slice>.repository.ts`, where one reader can find every query (and every query builder). */
// Upper-case keywords, as every statement here is written: "Select the officer" is a form's words, not SQL.
const SQL = '/^\\s*(SELECT|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|WITH|CREATE|ALTER|DROP|TRUNCATE|LOCK)\\s/';
const sqlOutsideRepositories = {
  'no-restricted-syntax': [
    'error',
    { selector: `Literal[value=${SQL}]`, message: 'SQL belongs in this slice\'s <slice>.repository.ts.' },
    { selector: `TemplateLiteral > TemplateElement:first-child[value.raw=${SQL}]`, message: 'SQL belongs in this slice\'s <slice>.repository.ts.' },
    { selector: "CallExpression[callee.property.name='createQueryBuilder']", message: 'Query builders belong in this slice\'s <slice>.repository.ts: call a named repository method.' },
    { selector: "CallExpression[callee.property.name='query']", message: 'Raw queries (.query) belong in this slice\'s <slice>.repository.ts: call a named repository method.' },
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
