import { spawnSync } from 'node:child_process';
import { createProjectGraphAsync } from '@nx/devkit';
import { resolve } from 'node:path';
import { makeTempDir } from '@strata/testing';

// Proves the boundary rules really block: each case below must both fail where forbidden and pass
// where allowed. ESLint runs as its own process (as `npm run lint` does), since its flat config is
// an ES module Jest cannot load.
const root = resolve(__dirname, '../../..');
const RULE = '@nx/enforce-module-boundaries';

interface LintMessage {
  ruleId: string | null;
  message: string;
}

interface LintCase {
  file: string;
  code: string;
}

/** Lints every case in one ESLint process (`lint-texts.mjs`), as `npm run lint` would see each file. */
function lintAll(cases: readonly LintCase[], env: NodeJS.ProcessEnv = process.env): LintMessage[][] {
  const run = spawnSync(process.execPath, [resolve(__dirname, 'lint-texts.mjs')], { cwd: root, input: JSON.stringify(cases), encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(`eslint failed to run: ${run.stderr}`);
  return JSON.parse(run.stdout) as LintMessage[][];
}

const importing = (file: string, module: string): LintCase => ({ file, code: `import * as m from '${module}';\nexport const x = m;\n` });
const DOMAIN_PACKAGES = ['@nestjs/common', 'fastify', 'mongodb', '@nats-io/jetstream', '@kurrent/kurrentdb-client'];
const NODE_IO = ['node:fs', 'fs/promises', 'node:net', 'node:http', 'node:sqlite', 'node:child_process'];

const CASES = {
  platformUsesContracts: [importing('libs/platform/messaging/src/boundary-probe.ts', '@strata/contracts')],
  contractsUsePlatform: [importing('libs/contracts/src/boundary-probe.ts', '@strata/platform-event-store')],
  productionUsesHarness: [importing('libs/platform/read-store/src/boundary-probe.ts', '@strata/testing')],
  testUsesHarness: [importing('libs/platform/read-store/src/boundary-probe.int.spec.ts', '@strata/testing')],
  domainUsesPlatform: [importing('tools/lint-fixtures/jobs-domain/src/boundary-probe.ts', '@strata/platform-messaging')],
  domainUsesPackages: DOMAIN_PACKAGES.map((pkg) => importing('libs/jobs/domain/src/boundary-probe.ts', pkg)),
  domainUsesZod: [importing('libs/jobs/domain/src/boundary-probe.ts', 'zod')],
  domainUsesNodeIo: NODE_IO.map((name) => importing('libs/inventory/domain/src/boundary-probe.ts', name)),
  domainUsesCrypto: [importing('libs/inventory/domain/src/boundary-probe.ts', 'node:crypto')],
  platformUsesFs: [importing('libs/platform/sqlite/src/boundary-probe.ts', 'node:fs')],
  inventoryAppUsesTenancyLimits: [importing('apps/inventory/src/boundary-probe.ts', '@strata/tenancy-limits')],
  inventoryAppUsesTenancy: [importing('apps/inventory/src/boundary-probe.ts', '@strata/tenancy-feature')],
  auditUsesTenancySettings: [importing('libs/audit/feature/src/boundary-probe.ts', '@strata/tenancy-settings')],
  auditUsesTenancy: [importing('libs/audit/feature/src/boundary-probe.ts', '@strata/tenancy-feature')],
  contextUsesOtherContext: [importing('tools/lint-fixtures/jobs-domain/src/boundary-probe.ts', '@strata-lint-fixture/inventory-domain')],
} satisfies Record<string, LintCase[]>;

type CaseName = keyof typeof CASES;
let linted: Map<CaseName, LintMessage[][]>;

/** The messages of rule `rule` for each file of a case. */
const messagesOf = (name: CaseName, rule = RULE): string[][] => linted.get(name)!.map((messages) => messages.filter((m) => m.ruleId === rule).map((m) => m.message));
const boundaryErrors = (name: CaseName): string[] => messagesOf(name).flat();

describe('module boundaries (@nx/enforce-module-boundaries)', () => {
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
    const names = Object.keys(CASES) as CaseName[];
    const results = lintAll(names.flatMap((name) => CASES[name]));
    linted = new Map(names.map((name) => [name, results.splice(0, CASES[name].length)]));
  }, 60_000);

  it('lets a platform lib import contracts', () => {
    expect(boundaryErrors('platformUsesContracts')).toEqual([]);
  });

  it('forbids contracts from importing a platform lib (type dimension)', () => {
    expect(boundaryErrors('contractsUsePlatform').join('\n')).toMatch(/type:contracts/);
  });

  it('forbids production code from importing the test harness', () => {
    expect(boundaryErrors('productionUsesHarness').join('\n')).toMatch(/type:platform/);
  });

  it('lets tests of a platform lib use the test harness', () => {
    expect(boundaryErrors('testUsesHarness')).toEqual([]);
  });

  it('forbids a domain lib from importing the platform (no I/O in domain code)', () => {
    expect(boundaryErrors('domainUsesPlatform').join('\n')).toMatch(/type:domain/);
  });

  it('forbids a domain lib from importing a framework, transport or storage package', () => {
    const errors = messagesOf('domainUsesPackages').map((messages, n) => ({ pkg: DOMAIN_PACKAGES[n], errors: messages.join('\n') }));
    expect(errors).toEqual(DOMAIN_PACKAGES.map((pkg) => ({ pkg, errors: expect.stringMatching(/type:domain.*not allowed to import/) })));
    // Pure packages stay allowed.
    expect(boundaryErrors('domainUsesZod')).toEqual([]);
  });

  it("forbids a domain lib from importing Node's I/O modules, not its pure ones", () => {
    const restricted = messagesOf('domainUsesNodeIo', 'no-restricted-imports').map((messages, n) => ({ name: NODE_IO[n], errors: messages.length }));
    expect(restricted).toEqual(NODE_IO.map((name) => ({ name, errors: 1 })));
    expect(messagesOf('domainUsesCrypto', 'no-restricted-imports').flat()).toEqual([]);
    // Elsewhere they are fine.
    expect(messagesOf('platformUsesFs', 'no-restricted-imports').flat()).toEqual([]);
  });

  it('still enforces the boundaries when no project graph is cached (a bare npx eslint, an editor)', async () => {
    const empty = await makeTempDir();
    try {
      const env = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: empty.path, NX_DAEMON: 'false' };
      const [messages] = lintAll(CASES.contractsUsePlatform, env);
      expect(messages!.filter((m) => m.ruleId === RULE).map((m) => m.message).join('\n')).toMatch(/type:contracts/);
    } finally {
      await empty.remove();
    }
  }, 60_000);

  it('lets the inventory app use what tenancy publishes (its limits), not the rest of tenancy', () => {
    expect(boundaryErrors('inventoryAppUsesTenancyLimits')).toEqual([]);
    expect(boundaryErrors('inventoryAppUsesTenancy').join('\n')).toMatch(/scope:inventory/);
  });

  it('lets the audit engine read the settings tenancy publishes, not the rest of tenancy', () => {
    expect(boundaryErrors('auditUsesTenancySettings')).toEqual([]);
    expect(boundaryErrors('auditUsesTenancy').join('\n')).toMatch(/scope:audit/);
  });

  it('forbids one bounded context from importing another (scope dimension)', () => {
    expect(boundaryErrors('contextUsesOtherContext').join('\n')).toMatch(/scope:jobs/);
  });
});
