import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteNamespaceStreams, freePort, makeTempDir, runProcess, uniqueNamespace, useTestNats, type RunningProcess, type TempDir, type TestNats } from '@strata/testing';
import { REPO_ROOT, strata } from './fixtures/cli-process';

const BOOTSTRAP = 'e2e-cli-reports-bootstrap-token-0123';

/**
 * `strata reports` and `strata diagrams` against the standalone app's issue-22 routes (reports,
 * diagrams): these pass once those routes are merged.
 */
describe('strata reports and diagrams against the standalone app', () => {
  let nats: TestNats;
  let data: TempDir;
  let work: TempDir;
  let namespace: string;
  let server: RunningProcess;
  let env: Record<string, string>;
  let jobId: string;

  beforeAll(async () => {
    nats = await useTestNats();
    data = await makeTempDir();
    work = await makeTempDir('strata-cli-reports-');
    namespace = uniqueNamespace('clireports');
    const port = await freePort();
    server = runProcess({
      name: 'standalone',
      command: process.execPath,
      args: [join(REPO_ROOT, 'tmp/e2e-dist/apps/standalone/src/main.js')],
      cwd: REPO_ROOT,
      env: { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: data.path, PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP, LOG_LEVEL: 'warn' },
    });
    await server.waitForOutput('Strata is running at');
    env = { HOME: work.path, STRATA_URL: `http://127.0.0.1:${port}`, STRATA_TOKEN: BOOTSTRAP, STRATA_TENANT: 'demo' };
    const job = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--wait', '--quiet'], env, '{"size": 500}');
    expect(job.code).toBe(0);
    jobId = job.stdout.trim();
  });

  afterAll(async () => {
    const exit = await server.stop();
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await data.remove();
    await work.remove();
    expect(exit).toBe(0);
  });

  it('reports generate --format pdf --wait -o FILE writes the PDF', async () => {
    const file = join(work.path, 'report.pdf');
    const run = await strata(['reports', 'generate', '--format', 'pdf', '--wait', '-o', file], env);
    expect(run.code).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('reports generate --format json for the job: the download is JSON; the report lists and reads back', async () => {
    const file = join(work.path, 'report.json');
    const run = await strata(['reports', 'generate', '--format', 'json', '--job', jobId, '--wait', '-o', file, '--output', 'json'], env);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ status: 'ready' });
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).not.toThrow();
    expect((await strata(['reports', 'get', report.id, '--output', 'json'], env)).code).toBe(0);
  });

  it("diagrams job --format png -o FILE writes a PNG of the job's scope; svg by default", async () => {
    const png = join(work.path, 'job.png');
    const run = await strata(['diagrams', 'job', jobId, '--format', 'png', '-o', png], env);
    expect(run.code).toBe(0);
    expect(readFileSync(png).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await strata(['diagrams', 'job', jobId], env);
    expect(svg.code).toBe(0);
    expect(svg.stdout).toMatch(/<svg[\s>]/);
  });
});
