import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort, runProcess, type RunningProcess } from '@strata/testing';
// The fixture server is test support that @strata/plugins-aws does not export from its entry
// point; tools/aws-fixture/main.ts reaches it the same way.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { AwsFixtureServer, expectedNodeCounts, generateEstate, type FixtureEstate } from '../../../libs/plugins/aws/src/fixtures';
import { onInterrupt } from './interrupt';

/**
 * The aws fixture server (`libs/plugins/aws/src/fixtures`) as the aws-discovery benchmark runs
 * it: in a process of its own (so its CPU is not the bench's, and is measured on its own), one
 * fixture server per AWS account, each on its own port of 127.0.0.1, every answer held back by
 * `latencyMs` (the fixture's `latencyMs` fault: a timer per request, no CPU). Each account is an
 * estate of `resources / accounts` resources from the fixture's generator (three populated
 * regions and account-wide IAM and S3), so one job per account splits the work evenly.
 *
 * A small control endpoint on another port answers `GET /requests` with the number of AWS
 * calls served since the last time it was asked (and forgets them, so memory stays flat).
 */
export interface AwsFixtureOptions {
  accounts: number;
  /** About this many resources in all (the generator's sizes are approximate; see `resources`). */
  resources: number;
  latencyMs: number;
  pageSize: number;
  seed: string;
}

export interface FixtureAccount {
  accountId: string;
  /** `endpoint_url` for a job on this account. */
  url: string;
  /** Nodes the aws plugin finds there (`expectedNodeCounts`). */
  resources: number;
}

export interface AwsFixture {
  accounts: FixtureAccount[];
  resources: number;
  pid: number;
  process: RunningProcess;
  /** AWS calls served since the previous call of this (or since start). */
  takeRequestCount(): Promise<number>;
  stop(): Promise<number | null>;
}

const READY_PREFIX = 'AWS-FIXTURE-READY ';
const accountIdOf = (index: number) => String(100_000_000_001 + index);

export async function startAwsFixture(options: AwsFixtureOptions): Promise<AwsFixture> {
  const child = runProcess({ name: 'aws-fixture', command: process.execPath, args: [...process.execArgv, __filename, JSON.stringify(options)] });
  const unregister = onInterrupt(() => child.stop());
  let ready: { accounts: FixtureAccount[]; control: string };
  try {
    await child.waitForOutput(READY_PREFIX, 60_000);
    const line = child.log.split('\n').find((l) => l.startsWith(READY_PREFIX))!;
    ready = JSON.parse(line.slice(READY_PREFIX.length)) as typeof ready;
  } catch (error) {
    unregister();
    await child.stop();
    throw error;
  }
  return {
    accounts: ready.accounts,
    resources: ready.accounts.reduce((sum, account) => sum + account.resources, 0),
    pid: child.pid!,
    process: child,
    takeRequestCount: async () => {
      const response = await fetch(`${ready.control}/requests`, { signal: AbortSignal.timeout(10_000) });
      return ((await response.json()) as { requests: number }).requests;
    },
    stop: async () => {
      unregister();
      return child.stop();
    },
  };
}

const resourcesOf = (estate: FixtureEstate) => Object.values(expectedNodeCounts(estate)).reduce((sum, count) => sum + count, 0);

/** The account's estate, its size nudged once so the plugin finds about `target` resources there. */
function estateOf(index: number, target: number, seed: string): FixtureEstate {
  const options = { seed: `${seed}-${index}`, accountId: accountIdOf(index) };
  const first = generateEstate({ ...options, size: target });
  const found = resourcesOf(first);
  return found === target ? first : generateEstate({ ...options, size: Math.max(1, Math.round((target * target) / found)) });
}

async function serve(options: AwsFixtureOptions): Promise<void> {
  const servers: AwsFixtureServer[] = [];
  const accounts: FixtureAccount[] = [];
  for (let index = 0; index < options.accounts; index++) {
    const estate = estateOf(index, Math.round(options.resources / options.accounts), options.seed);
    const server = await AwsFixtureServer.start({ estate, host: '127.0.0.1', port: await freePort(), pageSize: options.pageSize, faults: { latencyMs: options.latencyMs } });
    servers.push(server);
    accounts.push({ accountId: estate.accountId, url: server.url, resources: resourcesOf(estate) });
  }
  let served = 0;
  const control = createServer((request, response) => {
    if (request.url !== '/requests') {
      response.writeHead(404).end();
      return;
    }
    for (const server of servers) {
      served += server.requests.length;
      server.clearRequests();
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ requests: served }));
    served = 0;
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ accounts, control: controlUrl })}\n`);

  const close = () =>
    void Promise.allSettled([...servers.map((server) => server.close()), new Promise((resolve) => control.close(resolve))]).then(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  // Never outlive the bench, however it ended.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && close(), 1000).unref();
}

if (require.main === module) {
  serve(JSON.parse(process.argv[2]!) as AwsFixtureOptions).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
