import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { deleteNamespaceStreams, freePort, makeTempDir, runProcess, uniqueNamespace, useTestNats, type RunningProcess, type TempDir, type TestNats } from '@strata/testing';
import { REPO_ROOT, runCommand, strata, strataInTerminal } from './fixtures/cli-process';

const BOOTSTRAP = 'e2e-cli-bootstrap-token-0123456789';

/**
 * The CLI end to end against the standalone app (one boot for the whole spec): login, a demo job
 * followed with --wait in a pseudo-terminal and without one, json output, exit codes, the config
 * file's mode, secrets kept out of argv and output, and the packed CLI installed on its own.
 */
describe('strata CLI against the standalone app', () => {
  let nats: TestNats;
  let data: TempDir;
  let home: TempDir;
  let namespace: string;
  let server: RunningProcess;
  let url: string;
  /** The environment of a logged-in person: a temp HOME holding the config file. */
  let env: Record<string, string>;

  beforeAll(async () => {
    nats = await useTestNats();
    data = await makeTempDir();
    home = await makeTempDir('strata-cli-home-');
    namespace = uniqueNamespace('cli');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = runProcess({
      name: 'standalone',
      command: process.execPath,
      args: [join(REPO_ROOT, 'tmp/e2e-dist/apps/standalone/src/main.js')],
      cwd: REPO_ROOT,
      env: { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: data.path, PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP, LOG_LEVEL: 'warn' },
    });
    await server.waitForOutput('Strata is running at');
    env = { HOME: home.path };
  });

  afterAll(async () => {
    const exit = await server.stop();
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await data.remove();
    await home.remove();
    expect(exit).toBe(0);
  });

  const configFile = () => join(home.path, '.config', 'strata', 'config.json');

  it('login reads the token from stdin, checks it, and stores it in a 0600 config file; the token is never printed', async () => {
    const refused = await strata(['login', '--url', url], env, 'strata_not_a_real_token\n');
    expect(refused.code).toBe(3);
    expect(() => statSync(configFile())).toThrow();

    const login = await strata(['login', '--url', url], env, `${BOOTSTRAP}\n`);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain(`Logged in to ${url} as profile "default"`);
    expect(login.stdout + login.stderr).not.toContain(BOOTSTRAP);
    expect(login.cmdline).not.toContain(BOOTSTRAP);
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(configFile(), 'utf8'))).toEqual({ current_profile: 'default', profiles: { default: { url, token: BOOTSTRAP } } });
  });

  it('login at a terminal prompts for the token and does not echo it', async () => {
    const run = await strataInTerminal(['login', '--url', url, '--profile', 'typed'], env, { prompt: 'Token: ', text: `${BOOTSTRAP}\r` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Token: ');
    expect(run.stdout).toContain('Logged in to');
    expect(run.stdout).not.toContain(BOOTSTRAP);
    expect(JSON.parse(readFileSync(configFile(), 'utf8')).profiles.typed).toEqual({ url, token: BOOTSTRAP });
    // Back to the default profile for the tests below.
    expect((await strata(['login', '--url', url, '--profile', 'default'], env, BOOTSTRAP)).code).toBe(0);
  });

  it("status and plugins with --output json: the API's JSON, parsed", async () => {
    const status = await strata(['status', '--output', 'json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'running', api_version: 'v1' });
    const plugins = await strata(['plugins', '--output', 'json'], env);
    expect(JSON.parse(plugins.stdout).items).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'demo', available: true })]));
    const table = await strata(['plugins'], env);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+AVAILABLE/);
  });

  it("takes the token's tenant when it can act in exactly one (the demo tenant), and --tenant otherwise", async () => {
    const jobs = await strata(['jobs', 'list', '--output', 'json'], env);
    expect(jobs.code).toBe(0);
    expect(JSON.parse(jobs.stdout)).toMatchObject({ items: expect.any(Array) });
    const unknown = await strata(['jobs', 'list', '--tenant', 'no-such-tenant'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('tenant_not_found');
  });

  let completedJob: string;

  it('jobs create --wait in a terminal: a progress bar with the phase, the percent and the counts; exit 0 when completed', async () => {
    const config = join(home.path, 'demo.yaml');
    writeFileSync(config, 'size: 2000\nseed: cli-one\ndelay_ms: 300\n');
    const run = await strataInTerminal(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', config, '--name', 'CLI demo', '--wait', '--tenant', 'demo'], env);
    expect(run.code).toBe(0);
    const screen = run.stdout;
    expect(screen).toMatch(/Job job-[0-9a-z-]+ created/);
    expect(screen).toMatch(/\u2588+\u2591*\| \d+% \|/); // the bar, filled and empty
    expect(screen).toMatch(/discovering\s*\|/);
    expect(screen).toMatch(/completed\s*\|\u2588{30}\| 100% \| [A-Za-z_]+ \d+/);
    expect(screen).toMatch(/Job job-\S+ completed: \d+ nodes \(0 updated, 0 removed\), \d+ findings opened/);
    completedJob = /Job (job-\S+) created/.exec(screen)![1]!;
  });

  it('--wait without a terminal: a plain line per phase; with --output json the job on stdout, the phases on stderr', async () => {
    const run = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--wait', '--output', 'json'], env, '{"size": 300, "seed": "cli-two"}');
    expect(run.code).toBe(0);
    const job = JSON.parse(run.stdout);
    expect(job).toMatchObject({ status: 'completed', progress: { phase: 'completed', percent: 100 }, stats: { nodes_discovered: expect.any(Number) } });
    expect(job.stats.nodes_discovered).toBeGreaterThan(0);
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^completed 100% /);
    expect(new Set(lines.map((line) => line.split(' ')[0])).size).toBe(lines.length); // one line per phase
    expect(run.stderr).not.toMatch(/\u2588/);
  });

  it('a failed job exits 1 with its error', async () => {
    const run = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--wait'], env, '{"size": 100, "fail_with": "insufficient_permissions"}');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Job job-\S+ failed: .*insufficient_permissions/);
  });

  it('--fail-on exits 4 when the job opened findings of that severity or worse, 0 when it opened none', async () => {
    const config = '{"size": 500, "seed": "cli-fail-on"}';
    const first = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--wait', '--fail-on', 'info', '--quiet'], env, config);
    expect(first.code).toBe(4);
    expect(first.stderr).toMatch(/opened \d+ findings? of severity critical or high or medium or low or info/);
    const firstJob = first.stdout.trim();
    const opened = JSON.parse((await strata(['findings', 'list', '--job-id', firstJob, '--output', 'json'], env)).stdout);
    expect(opened.total).toBeGreaterThan(0);
    // The same estate again: nothing new is opened, so the gate passes.
    const again = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--wait', '--fail-on', 'info'], env, config);
    expect(again.code).toBe(0);
  });

  it('jobs get, list --quiet, logs, nodes and findings read what the job made', async () => {
    const job = JSON.parse((await strata(['jobs', 'get', completedJob, '--output', 'json'], env)).stdout);
    expect(job).toMatchObject({ id: completedJob, status: 'completed' });
    const ids = (await strata(['jobs', 'list', '--quiet', '--limit', '100'], env)).stdout.trim().split('\n');
    expect(ids).toContain(completedJob);
    const yaml = await strata(['jobs', 'get', completedJob, '--output', 'yaml'], env);
    expect(yaml.stdout).toContain(`id: ${completedJob}`);

    const logs = await strata(['jobs', 'logs', completedJob], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('Starting demo plugin for a 2000-resource estate');
    expect(logs.stdout).toMatch(/Job completed in \d+s/);

    const nodes = JSON.parse((await strata(['nodes', 'list', '--last-seen-job', completedJob, '--limit', '5', '--output', 'json'], env)).stdout);
    expect(nodes.items).toHaveLength(5);
    const node = nodes.items[0];
    const detail = JSON.parse((await strata(['nodes', 'get', node.id, '--output', 'json'], env)).stdout);
    expect(detail).toMatchObject({ id: node.id });
    const neighbors = await strata(['nodes', 'neighbors', node.id, '--depth', '2', '--output', 'json'], env);
    expect(JSON.parse(neighbors.stdout)).toMatchObject({ root: { id: node.id }, depth: 2 });

    const summary = JSON.parse((await strata(['findings', 'summary', '--output', 'json'], env)).stdout);
    expect(summary).toMatchObject({ by_severity: expect.any(Object), by_status: expect.any(Object) });
    const findingId = (await strata(['findings', 'list', '--limit', '1', '--quiet'], env)).stdout.trim();
    const muted = await strata(['findings', 'mute', findingId, '--reason', 'accepted in the CLI test', '--output', 'json'], env);
    expect(JSON.parse(muted.stdout)).toMatchObject({ id: findingId, status: 'muted' });
    const unmuted = await strata(['findings', 'unmute', findingId, '--output', 'json'], env);
    expect(JSON.parse(unmuted.stdout).status).not.toBe('muted');
    const compliance = await strata(['compliance'], env);
    expect(compliance.code).toBe(0);
    expect(compliance.stdout).toMatch(/^ID\s+NAME\s+VERSION\s+SCORE/);
  });

  it('jobs logs -f follows a running job until it ends', async () => {
    const created = await strata(['jobs', 'create', '--plugin', 'demo', '--credential', 'cred-demo', '--config', '-', '--quiet'], env, '{"size": 1500, "seed": "cli-logs", "delay_ms": 30}');
    const jobId = created.stdout.trim();
    const follow = await strata(['jobs', 'logs', jobId, '-f'], env);
    expect(follow.code).toBe(0);
    expect(follow.stdout.trim().split('\n').at(-1)).toMatch(/Job completed in \d+s/);
  });

  it('a secret given on stdin is never in the process arguments or any output', async () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-cli-e2e';
    const add = await strata(
      ['credentials', 'add', 'aws', '--name', 'CLI keys', '--id', 'cred-cli-aws', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE', '--secret-access-key-file', '-', '--output', 'json'],
      env,
      `${secret}\n`,
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toMatchObject({ id: 'cred-cli-aws', kind: 'aws', secret: { secret_access_key: '********' } });
    expect(add.cmdline).toContain('--secret-access-key-file -');
    const shown = [add, await strata(['credentials', 'get', 'cred-cli-aws'], env), await strata(['credentials', 'list', '--output', 'yaml'], env)];
    for (const run of shown) {
      expect(run.cmdline).not.toContain(secret);
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    const fromFile = join(home.path, 'secret.txt');
    writeFileSync(fromFile, secret, { mode: 0o600 });
    const second = await strata(['credentials', 'add', 'aws', '--name', 'CLI keys 2', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE', '--secret-access-key-file', fromFile], env);
    expect(second.code).toBe(0);
    expect(second.stdout + second.stderr).not.toContain(secret);
    expect((await strata(['credentials', 'delete', 'cred-cli-aws'], env)).code).toBe(0);
  });

  it('authentication errors exit 3: a token the API refuses, and a permission the token lacks', async () => {
    const bad = await strata(['jobs', 'list', '--tenant', 'demo'], { ...env, STRATA_TOKEN: 'strata_wrong' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('401');

    const issued = await strata(['tokens', 'create', '--name', 'cli-readonly', '--permission', 'jobs:read', '--output', 'json'], env);
    expect(issued.code).toBe(0);
    const token = JSON.parse(issued.stdout).token as string;
    const tenantEnv = { HOME: home.path, STRATA_URL: url, STRATA_TOKEN: token, STRATA_TENANT: 'demo' };
    expect((await strata(['jobs', 'list', '--quiet'], tenantEnv)).code).toBe(0);
    const denied = await strata(['findings', 'list'], tenantEnv);
    expect(denied.code).toBe(3);
    expect(denied.stderr).toContain('403');
    // A tenant's token names its own tenant (GET /api/v1/whoami): no --tenant needed.
    const own = await strata(['jobs', 'list', '--quiet'], { HOME: home.path, STRATA_URL: url, STRATA_TOKEN: token });
    expect(own.code).toBe(0);
    expect(own.stdout.trim().split('\n').length).toBeGreaterThan(0);
  });

  it('profiles: a second installation under --profile; STRATA_URL overrides the profile', async () => {
    const login = await strata(['login', '--url', url, '--profile', 'other', '--tenant', 'demo'], env, BOOTSTRAP);
    expect(login.code).toBe(0);
    const config = JSON.parse(readFileSync(configFile(), 'utf8'));
    expect(config.profiles.other).toEqual({ url, token: BOOTSTRAP, tenant: 'demo' });
    expect(statSync(configFile()).mode & 0o777).toBe(0o600);
    expect((await strata(['--profile', 'other', 'plugins', '--quiet'], env)).stdout).toContain('demo');
    const overridden = await strata(['status'], { ...env, STRATA_URL: 'http://127.0.0.1:9' });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toContain('Cannot reach Strata at http://127.0.0.1:9');
    expect((await strata(['--profile', 'missing', 'plugins'], env)).code).toBe(2);
  });

  it('schedules: create, list, run now, disable, delete', async () => {
    const created = await strata(['schedules', 'create', '--name', 'cli hourly', '--every', '60', '--plugin', 'demo', '--credential', 'cred-demo', '--output', 'json'], env);
    expect(created.code).toBe(0);
    const schedule = JSON.parse(created.stdout);
    expect(schedule).toMatchObject({ name: 'cli hourly', interval_minutes: 60, enabled: true, job_template: { plugins: ['demo'], credential_id: 'cred-demo' } });
    expect((await strata(['schedules', 'list', '--quiet'], env)).stdout.split('\n')).toContain(schedule.id);
    const job = JSON.parse((await strata(['schedules', 'run-now', schedule.id, '--output', 'json'], env)).stdout);
    expect(job).toMatchObject({ id: expect.stringMatching(/^job-/) });
    const disabled = JSON.parse((await strata(['schedules', 'update', schedule.id, '--disable', '--output', 'json'], env)).stdout);
    expect(disabled).toMatchObject({ enabled: false, next_run_at: null });
    expect((await strata(['schedules', 'delete', schedule.id], env)).code).toBe(0);
    expect((await strata(['schedules', 'get', schedule.id], env)).code).toBe(1);
  });

  it('tenants: a platform admin creates one; with two tenants the token no longer implies one (exit 2 naming them)', async () => {
    const created = await strata(['tenants', 'create', 'cli-second', '--name', 'CLI second', '--output', 'json'], env);
    expect(created.code).toBe(0);
    expect((await strata(['tenants', 'list', '--quiet'], env)).stdout.trim().split('\n').sort()).toEqual(['cli-second', 'demo']);
    // The default profile has no tenant (the "other" profile, current since its login, names demo).
    expect((await strata(['jobs', 'list', '--quiet'], env)).code).toBe(0);
    const which = await strata(['--profile', 'default', 'jobs', 'list'], env);
    expect(which.code).toBe(2);
    expect(which.stderr).toMatch(/can act in 2 tenants \((demo, cli-second|cli-second, demo)\)/);
    expect((await strata(['jobs', 'list', '--tenant', 'cli-second', '--output', 'json'], env)).code).toBe(0);
  });

  it('npm pack of the CLI installs on its own (npm install -g into a temp prefix) and talks to the API', async () => {
    const out = join(home.path, 'pack');
    mkdirSync(out);
    const pack = await runCommand(process.execPath, [join(REPO_ROOT, 'apps/cli/tools/pack.mjs'), '--out', out], {});
    expect(pack.code).toBe(0);
    const tarball = pack.stdout.trim();
    const prefix = join(home.path, 'global');
    const install = await runCommand('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { HOME: home.path, npm_config_cache: join(home.path, 'npm-cache') });
    expect(install.stderr).not.toMatch(/ERR!/);
    expect(install.code).toBe(0);
    const installed = join(prefix, 'bin', 'strata');
    const version = await runCommand(installed, ['--version'], {});
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const plugins = await runCommand(installed, ['plugins', '--output', 'json'], { STRATA_URL: url, STRATA_TOKEN: BOOTSTRAP });
    expect(plugins.code).toBe(0);
    expect(JSON.parse(plugins.stdout).items.map((plugin: { id: string }) => plugin.id)).toContain('demo');

    // `strata mcp` of the installed CLI: an MCP server on stdio, its tools the gateway's.
    const client = new Client({ name: 'cli-e2e', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: installed, args: ['mcp', '--tenant', 'demo'], env: { PATH: process.env['PATH'] ?? '', STRATA_URL: url, STRATA_TOKEN: BOOTSTRAP }, stderr: 'pipe' }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['list_plugins', 'start_discovery', 'get_job', 'generate_report']));
      const listed = await client.callTool({ name: 'list_jobs', arguments: {} });
      expect(listed.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });
});
