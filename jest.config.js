// Jest runs the TypeScript sources as ES modules (NestJS 12 ships only ESM), compiled by swc
// with legacy decorators and decorator metadata, the same semantics tsc gives the build.
import { swcOptions } from './test/support/swc-options.mjs';

const swc = { ...swcOptions, sourceMaps: 'inline' };

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // @nestjs/throttler's CommonJS build, as ES modules: Jest's module runtime cannot require() the ES-module @nestjs/common (see the transformer).
    '/node_modules/@nestjs/throttler/dist/.+\\.js$': '<rootDir>/test/support/throttler-esm-transform.cjs',
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/throttler/)'],
};

// Two projects: `unit` (the specs beside the sources: pure rules, no database, no ports) and
// `e2e` (the real service over HTTP against real PostgreSQL, started once per run by the global
// set-up). `npm test` runs both; `npm run test:unit`, `test:e2e` and `test:soak` run a part.
export default {
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.mjs',
      globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
    },
  ],
};
