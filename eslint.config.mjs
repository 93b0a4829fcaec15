import { createProjectGraphAsync } from '@nx/devkit';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// The boundary rule reads the cached Nx project graph and, without one, warns and skips itself
// (a bare `npx eslint`, an editor): build the graph first, so the rule always runs, and stop with
// Nx's error if it cannot be built.
const projectGraph = await createProjectGraphAsync({ exitOnError: true });
const projectRootsTagged = (tag) =>
  Object.values(projectGraph.nodes)
    .filter((node) => node.data.tags?.includes(tag))
    .map((node) => node.data.root);

// Domain code is pure: no framework, no transport, no storage, no network or file I/O.
const IO_PACKAGES = [
  '@nestjs/*',
  'fastify',
  '@fastify/*',
  'mongodb',
  '@nats-io/*',
  '@kurrent/*',
  'better-sqlite3',
  '@aws-sdk/*',
  '@kubernetes/*',
  '@opentelemetry/*',
  'pino',
  'undici',
];
// Node's built-in modules are not in the project graph, so the boundary rule cannot ban them.
const IO_BUILTINS = ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'child_process', 'cluster', 'worker_threads', 'sqlite'].flatMap(
  (name) => [name, `node:${name}`],
);

// Module boundaries in two dimensions. `type:*` says what a project may build on (domain code
// stays pure, apps never import apps); `scope:*` says whose code it is (a bounded context may use
// its own libs and the shared platform, never another context's internals).
const typeRules = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:contracts', 'type:domain', 'type:plugin'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:platform', 'type:contracts', 'type:plugin'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:plugin', 'type:platform', 'type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: IO_PACKAGES },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:feature', 'type:plugin', 'type:testing'] },
];
const scopeRules = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:jobs', onlyDependOnLibsWithTags: ['scope:jobs', 'scope:shared'] },
  { sourceTag: 'scope:scheduler', onlyDependOnLibsWithTags: ['scope:scheduler', 'scope:shared'] },
  // Inventory enforces the tenants' node limits: tenancy publishes them (`published:tenancy`).
  { sourceTag: 'scope:inventory', onlyDependOnLibsWithTags: ['scope:inventory', 'scope:shared', 'published:tenancy'] },
  // The audit engine judges by the tenants' settings (scan policy, currency): tenancy publishes them too.
  { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared', 'published:tenancy'] },
  { sourceTag: 'scope:discovery', onlyDependOnLibsWithTags: ['scope:discovery', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  // Notifications follow the tenant's notification_trigger_mode, a general setting tenancy publishes.
  { sourceTag: 'scope:notify', onlyDependOnLibsWithTags: ['scope:notify', 'scope:shared', 'published:tenancy'] },
  { sourceTag: 'scope:tenancy', onlyDependOnLibsWithTags: ['scope:tenancy', 'scope:shared'] },
  // The Kubernetes reports read the graph and the findings through read-only views of their own,
  // and show savings in the tenant's currency, a general setting tenancy publishes.
  { sourceTag: 'scope:kubernetes', onlyDependOnLibsWithTags: ['scope:kubernetes', 'scope:shared', 'published:tenancy'] },
  // The event feed reads every context's events, but only through the contracts' catalog and envelope.
  { sourceTag: 'scope:events', onlyDependOnLibsWithTags: ['scope:events', 'scope:shared'] },
  // The diagrams draw the graph (and a job's scope) through read-only views of their own.
  { sourceTag: 'scope:diagrams', onlyDependOnLibsWithTags: ['scope:diagrams', 'scope:shared'] },
  // Apps that compose several bounded contexts (the gateway, the all-in-one standalone).
  { sourceTag: 'scope:composition', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
  // The CLI is a client of the REST API only: no service code, at most the shared contracts.
  { sourceTag: 'scope:cli', onlyDependOnLibsWithTags: ['scope:shared'] },
];

const boundaries = (depConstraints) => [
  'error',
  { enforceBuildableLibDependency: false, allow: [], depConstraints },
];
// Tests of any project may also use the test harness; production code may not.
const withTestHarness = typeRules.map((rule) => ({
  ...rule,
  onlyDependOnLibsWithTags: [...new Set([...rule.onlyDependOnLibsWithTags, 'type:testing'])],
}));
const TEST_FILES = ['**/*.spec.ts', '**/fixtures/**/*.ts'];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    // Nest reads constructor parameter types at run time (decorator metadata): the type-import
    // rule must know, or its fix would turn injected classes into type-only imports.
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@nx/enforce-module-boundaries': boundaries([...typeRules, ...scopeRules]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: TEST_FILES,
    rules: {
      '@nx/enforce-module-boundaries': boundaries([...withTestHarness, ...scopeRules]),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: projectRootsTagged('type:domain').map((root) => `${root}/**/*.ts`),
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: IO_BUILTINS.map((name) => ({ name, message: 'Domain code does no I/O: take what it needs as parameters.' })) },
      ],
    },
  },
];
