// One root command runs every test of every project: `npx jest` (or `npm test`, which lints and
// type-checks first). Kinds are Jest projects so they can be selected: `--selectProjects unit`.
const { root, moduleNameMapper, transform, transformIgnorePatterns } = require('./tools/jest/preset');

const roots = ['<rootDir>'];
const common = {
  rootDir: root,
  roots,
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lint-fixtures/', '<rootDir>/.nx/', '<rootDir>/tmp/'],
  // Built output (`npm start` builds into dist/, with a package.json of the same name as the
  // root's) is not source: left in the module map it made every run warn of a name collision.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/tmp/'],
};

module.exports = {
  // The suite waits on NATS, SQLite and child processes more than it computes: a worker per core
  // (two on the CI machine) takes it from about 150 s to about 90 s, where Jest's default (cores
  // minus one) ran it in one.
  maxWorkers: '100%',
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['**/*.spec.ts'],
      testPathIgnorePatterns: [...common.testPathIgnorePatterns, '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'],
    },
    { ...common, displayName: 'int', testMatch: ['**/*.int.spec.ts'], setupFilesAfterEnv: ['<rootDir>/tools/jest/int-setup.js'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/tools/jest/int-setup.js'],
      globalSetup: '<rootDir>/tools/jest/e2e-setup.js',
    },
  ],
};
