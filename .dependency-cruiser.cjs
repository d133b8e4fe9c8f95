// The house rules for imports, checked by `npm run lint:deps` (and so by CI).
// A slice is a folder under src/. Slices sit in layers; a slice may import its own layer or the
// layers below it, never one above. The README's "Architecture" section explains each layer.
// There are no exceptions: any breach fails CI.

/** Bottom to top. */
const LAYERS = [
  // 0 foundations: no business rules
  ['calendar', 'clock', 'settings', 'http', 'pdf', 'privacy', 'database'],
  // 1 people, words and values: who works here, templates, contact details, risk, the agreement
  ['partnership', 'auth', 'audit', 'templates', 'discreet', 'contact-details', 'risk', 'agreements'],
  // 2 records and providers: cases, officers' tasks, the channels that talk to Twilio/SMTP/print
  ['cases', 'tasks', 'channels'],
  // 3 the contact pipeline: plan, claim, deliver, fail over
  ['contacts'],
  // 4 the victim's journey and the neighbourhood, built on the pipeline
  ['case-journey', 'case-review', 'surveys', 'court', 'community', 'data-rights', 'previews', 'public-limits'],
  // 5 entry points and shells: web console, inbound texts, health, training, admin CLI, schedule
  ['console', 'inbound-sms', 'health', 'training', 'admin', 'lifecycle', 'scheduling', 'reports'],
];

const slices = (layers) => `^src/(${layers.flat().join('|')})/`;
// Tests may reach across slices; the entity list and migrations name every slice's tables.
const EXEMPT = ['\\.spec\\.ts$', '^src/database/database\\.ts$', '^src/database/migrations/'];

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i}-imports-upward`,
  comment: `${layer.join(', ')} may not import a slice of a higher layer`,
  severity: 'error',
  from: { path: slices([layer]), pathNot: EXEMPT },
  to: { path: slices(LAYERS.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles between files (a cycle makes start-up order and reasoning fragile).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'slice-has-a-layer',
      comment: 'Every folder under src/ is placed in a layer in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: [slices(LAYERS), ...EXEMPT] },
      to: {},
    },
    {
      name: 'src-not-to-tests',
      comment: 'The service never imports test or benchmark code.',
      severity: 'error',
      from: { path: '^src/', pathNot: EXEMPT },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment: 'The service imports only runtime dependencies (npm ci --omit=dev must run it).',
      severity: 'error',
      from: { path: '^src/', pathNot: EXEMPT },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
