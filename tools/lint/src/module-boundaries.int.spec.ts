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

function lint(file: string, code: string, env: NodeJS.ProcessEnv = process.env): LintMessage[] {
  const run = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file],
    { cwd: root, input: code, encoding: 'utf8', env },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed to run: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: LintMessage[] }[];
  return result!.messages;
}

async function boundaryErrors(file: string, code: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  return lint(file, code, env)
    .filter((m) => m.ruleId === RULE)
    .map((m) => m.message);
}

describe('module boundaries (@nx/enforce-module-boundaries)', () => {
  beforeAll(async () => {
    await createProjectGraphAsync({ exitOnError: false });
  }, 60_000);

  it('lets a platform lib import contracts', async () => {
    const errors = await boundaryErrors(
      'libs/platform/messaging/src/boundary-probe.ts',
      "import { STREAMS } from '@strata/contracts';\nexport const s = STREAMS;\n",
    );
    expect(errors).toEqual([]);
  });

  it('forbids contracts from importing a platform lib (type dimension)', async () => {
    const errors = await boundaryErrors(
      'libs/contracts/src/boundary-probe.ts',
      "import { waitFor } from '@strata/platform-event-store';\nexport const w = waitFor;\n",
    );
    expect(errors.join('\n')).toMatch(/type:contracts/);
  });

  it('forbids production code from importing the test harness', async () => {
    const errors = await boundaryErrors(
      'libs/platform/read-store/src/boundary-probe.ts',
      "import { waitFor } from '@strata/testing';\nexport const w = waitFor;\n",
    );
    expect(errors.join('\n')).toMatch(/type:platform/);
  });

  it('lets tests of a platform lib use the test harness', async () => {
    const errors = await boundaryErrors(
      'libs/platform/read-store/src/boundary-probe.int.spec.ts',
      "import { waitFor } from '@strata/testing';\nexport const w = waitFor;\n",
    );
    expect(errors).toEqual([]);
  });

  it('forbids a domain lib from importing the platform (no I/O in domain code)', async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/jobs-domain/src/boundary-probe.ts',
      "import { STREAMS } from '@strata/platform-messaging';\nexport const s = STREAMS;\n",
    );
    expect(errors.join('\n')).toMatch(/type:domain/);
  });

  it('forbids a domain lib from importing a framework, transport or storage package', async () => {
    for (const pkg of ['@nestjs/common', 'fastify', 'mongodb', '@nats-io/jetstream', '@kurrent/kurrentdb-client']) {
      const errors = await boundaryErrors('libs/jobs/domain/src/boundary-probe.ts', `import * as m from '${pkg}';\nexport const x = m;\n`);
      expect({ pkg, errors: errors.join('\n') }).toEqual({ pkg, errors: expect.stringMatching(/type:domain.*not allowed to import/) });
    }
    // Pure packages stay allowed.
    expect(await boundaryErrors('libs/jobs/domain/src/boundary-probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
  });

  it("forbids a domain lib from importing Node's I/O modules, not its pure ones", async () => {
    const restricted = (code: string) => lint('libs/inventory/domain/src/boundary-probe.ts', code).filter((m) => m.ruleId === 'no-restricted-imports');
    for (const name of ['node:fs', 'fs/promises', 'node:net', 'node:http', 'node:sqlite', 'node:child_process']) {
      expect({ name, errors: restricted(`import * as m from '${name}';\nexport const x = m;\n`).length }).toEqual({ name, errors: 1 });
    }
    expect(restricted("import { createHash } from 'node:crypto';\nexport const x = createHash;\n")).toEqual([]);
    // Elsewhere they are fine.
    expect(lint('libs/platform/sqlite/src/boundary-probe.ts', "import * as m from 'node:fs';\nexport const x = m;\n").filter((m) => m.ruleId === 'no-restricted-imports')).toEqual([]);
  });

  it('still enforces the boundaries when no project graph is cached (a bare npx eslint, an editor)', async () => {
    const empty = await makeTempDir();
    try {
      const env = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: empty.path, NX_DAEMON: 'false' };
      const errors = await boundaryErrors('libs/contracts/src/boundary-probe.ts', "import { waitFor } from '@strata/platform-event-store';\nexport const w = waitFor;\n", env);
      expect(errors.join('\n')).toMatch(/type:contracts/);
    } finally {
      await empty.remove();
    }
  }, 60_000);

  it("lets the inventory app use what tenancy publishes (its limits), not the rest of tenancy", async () => {
    const allowed = await boundaryErrors('apps/inventory/src/boundary-probe.ts', "import { TenantLimitsModule } from '@strata/tenancy-limits';\nexport const t = TenantLimitsModule;\n");
    expect(allowed).toEqual([]);
    const forbidden = await boundaryErrors('apps/inventory/src/boundary-probe.ts', "import { TenancyModule } from '@strata/tenancy-feature';\nexport const t = TenancyModule;\n");
    expect(forbidden.join('\n')).toMatch(/scope:inventory/);
  });

  it('forbids one bounded context from importing another (scope dimension)', async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/jobs-domain/src/boundary-probe.ts',
      "import { inventory } from '@strata-lint-fixture/inventory-domain';\nexport const i = inventory;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:jobs/);
  });
});
