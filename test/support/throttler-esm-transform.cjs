// Jest's module runtime cannot require() an ES module here (on Node 24 it refuses the cycle
// @nestjs/common ↔ throttler), and NestJS 12 ships only ES modules while
// @nestjs/throttler 6 ships only CommonJS that requires @nestjs/common. Node itself loads it
// (require(esm), Node >= 20.19), so only the tests need help: this turns each of the package's
// tsc-written files into an ES module that imports what it required, so the library shares the
// one @nestjs/common the service uses (its HttpException, Injectable and Reflector).
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');

const SELF = createHash('sha256').update(readFileSync(__filename)).digest('hex');

module.exports = {
  // Jest caches transformed files; a change to this file must not reuse the old output.
  getCacheKey(source, path) {
    return createHash('sha256').update(SELF).update(path).update(source).digest('hex');
  },
  process(source) {
    const imports = [];
    const names = new Map();
    const specifier = (name) => (name.startsWith('.') ? `${name}.js` : name);
    let code = source.replace(/__exportStar\(require\("([^"]+)"\), exports\);/g, (_, name) => {
      imports.push(`export * from '${specifier(name)}';`);
      return '';
    });
    code = code.replace(/require\("([^"]+)"\)/g, (_, name) => {
      if (!names.has(name)) {
        names.set(name, `__required${names.size}`);
        imports.push(`import * as ${names.get(name)} from '${specifier(name)}';`);
      }
      return names.get(name);
    });
    const exported = [...new Set([...code.matchAll(/\bexports\.(\w+) =/g)].map((m) => m[1]))];
    return {
      code: [
        ...imports,
        'const moduleExports = {};',
        code.replace(/(?<![.\w])exports(?=\s*[.,)])/g, 'moduleExports'), // not `exports:` keys of Nest modules
        ...exported.map((name) => `const exported_${name} = moduleExports.${name};`),
        `export { ${exported.map((name) => `exported_${name} as ${name}`).join(', ')} };`,
      ].join('\n'),
    };
  },
};
