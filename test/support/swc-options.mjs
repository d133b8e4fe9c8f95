// swc's settings for the TypeScript sources, shared by Jest (jest.config.js) and the crash test's
// child-process compile (compile-child.mjs): ES modules, legacy decorators with decorator
// metadata, the same semantics tsc gives the build.
export const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'es6' },
};
