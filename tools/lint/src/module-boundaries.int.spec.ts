import { spawnSync } from 'node:child_process';
import { createProjectGraphAsync } from '@nx/devkit';
import { resolve } from 'node:path';

// Proves the boundary rule really blocks: the rule silently skips itself when no project graph is
// cached, so each case below must both fail where forbidden and pass where allowed. ESLint runs as
// its own process (as `npm run lint` does), since its flat config is an ES module Jest cannot load.
const root = resolve(__dirname, '../../..');
const RULE = '@nx/enforce-module-boundaries';

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const run = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', file],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`eslint failed to run: ${run.stderr}`);
  const [result] = JSON.parse(run.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
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

  it('forbids one bounded context from importing another (scope dimension)', async () => {
    const errors = await boundaryErrors(
      'tools/lint-fixtures/jobs-domain/src/boundary-probe.ts',
      "import { inventory } from '@strata-lint-fixture/inventory-domain';\nexport const i = inventory;\n",
    );
    expect(errors.join('\n')).toMatch(/scope:jobs/);
  });
});
