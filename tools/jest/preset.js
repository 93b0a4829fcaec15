// Shared Jest settings: swc transforms TypeScript (decorators + metadata for NestJS) without the
// TypeScript compiler API, and tsconfig path aliases are mirrored so tests import `@strata/*`
// exactly as the code does.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const root = path.resolve(__dirname, '../..');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`,
    path.join(root, target),
  ]),
);

// @kubernetes/client-node and the ESM-only packages it imports (openid-client, oauth4webapi, jose, socks-proxy-agent, agent-base); commander (the CLI).
const ESM_ONLY = ['commander', '@marcbachmann/cel-js', '@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose', 'socks-proxy-agent', 'agent-base'];

const transform = {
  '^.+\\.ts$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2023',
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
  // ESM-only packages (Node's require loads them; Jest's module system does not): swc turns
  // them into CommonJS like our sources. Listed in `transformIgnorePatterns` below.
  [`^.+/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: ['@swc/jest', { jsc: { target: 'es2023' }, module: { type: 'commonjs' } }],
};

/** node_modules stays untransformed, except the ESM-only packages above. */
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`];

module.exports = { root, moduleNameMapper, transform, transformIgnorePatterns };
