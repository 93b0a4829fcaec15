import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries in two dimensions. `type:*` says what a project may build on (domain code
// stays pure, apps never import apps); `scope:*` says whose code it is (a bounded context may use
// its own libs and the shared platform, never another context's internals).
const typeRules = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:platform', 'type:contracts', 'type:domain', 'type:plugin'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:feature', 'type:domain', 'type:platform', 'type:contracts', 'type:plugin'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:plugin', 'type:platform', 'type:contracts'] },
  { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
  { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:testing'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:feature', 'type:plugin', 'type:testing'] },
];
const scopeRules = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:jobs', onlyDependOnLibsWithTags: ['scope:jobs', 'scope:shared'] },
  { sourceTag: 'scope:inventory', onlyDependOnLibsWithTags: ['scope:inventory', 'scope:shared'] },
  { sourceTag: 'scope:audit', onlyDependOnLibsWithTags: ['scope:audit', 'scope:shared'] },
  { sourceTag: 'scope:discovery', onlyDependOnLibsWithTags: ['scope:discovery', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:notify', onlyDependOnLibsWithTags: ['scope:notify', 'scope:shared'] },
  { sourceTag: 'scope:tenancy', onlyDependOnLibsWithTags: ['scope:tenancy', 'scope:shared'] },
  // Apps that compose several bounded contexts (the gateway, the all-in-one standalone).
  { sourceTag: 'scope:composition', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['*'] },
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
];
