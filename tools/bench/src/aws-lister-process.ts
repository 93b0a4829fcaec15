import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as cloudtrail from '@aws-sdk/client-cloudtrail';
import * as cloudwatch from '@aws-sdk/client-cloudwatch';
import * as ec2 from '@aws-sdk/client-ec2';
import * as eks from '@aws-sdk/client-eks';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as iam from '@aws-sdk/client-iam';
import * as kms from '@aws-sdk/client-kms';
import * as lambda from '@aws-sdk/client-lambda';
import * as rds from '@aws-sdk/client-rds';
import * as s3 from '@aws-sdk/client-s3';
import * as sts from '@aws-sdk/client-sts';
import { Client } from '@smithy/core/client';
import { awsConfigSchema, awsPlugin } from '@strata/plugins-aws';
import { runProcess } from '@strata/testing';
import type { FixtureAccount } from './aws-fixture-process';
import { onInterrupt } from './interrupt';

/**
 * One side of the aws-discovery baseline in a process of its own, so that its CPU is its alone
 * (the fixture server's, another process, is not in it):
 * - `plugin`: the aws plugin's own `discover()` over every fixture account (as one worker runs
 *   them: `accountsAtOnce` accounts at once, the plugin's default concurrency inside each), every
 *   item discarded. Every SDK call it makes is recorded (client, region, command, input) to
 *   `calls`, in the order made.
 * - `bare`: those recorded calls made again with the bare `@aws-sdk/*` clients: the same client
 *   classes and settings as the plugin's (endpoint, path-style S3, user agent, timeouts) but the
 *   SDK's own retry middleware instead of the plugin's, each input sent as recorded (so every
 *   page is the same page, fetched with the same token), `callsAtOnce` in flight per account,
 *   nothing done with the answers. The paging the plugin does is in the recorded inputs; what
 *   is left is what the SDK costs: serialising, signing, the HTTP round trip, deserialising.
 * CPU is the process's user + system time (`process.cpuUsage()`, the same kernel counters the
 * benchmark reads for the workers from /proc) from the first call to the last answer.
 */
export interface AwsListerOptions {
  mode: 'plugin' | 'bare';
  accounts: FixtureAccount[];
  /** The recorded calls: written by `plugin`, read by `bare`. */
  calls: string;
  accountsAtOnce: number;
  callsAtOnce: number;
}

export interface AwsListerResult {
  mode: AwsListerOptions['mode'];
  /** Nodes the plugin emitted (`plugin`); 0 for `bare`, which keeps no count of what it read. */
  resources: number;
  /** SDK calls made (`client.send`), as this process counted them. */
  calls: number;
  seconds: number;
  cpuSeconds: number;
}

const RESULT_PREFIX = 'AWS-LISTER-RESULT ';

export async function runAwsLister(options: AwsListerOptions): Promise<AwsListerResult> {
  // `BENCH_CPU_PROF=<dir>`: a V8 CPU profile of each lister process, for where its time goes.
  const dir = process.env['BENCH_CPU_PROF'];
  const profile = dir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(dir)}`, `--cpu-prof-name=aws-${options.mode}-${Date.now()}.cpuprofile`] : [];
  const child = runProcess({ name: `aws-${options.mode}`, command: process.execPath, args: [...process.execArgv, ...profile, __filename, JSON.stringify(options)] });
  const unregister = onInterrupt(() => child.stop());
  try {
    const exit = await child.ended(30 * 60_000);
    if (exit !== 0) throw new Error(`the aws ${options.mode} lister exited with ${exit}:\n${child.log.slice(-4000)}`);
    const line = child.log.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (!line) throw new Error(`the aws ${options.mode} lister printed no result:\n${child.log.slice(-4000)}`);
    return JSON.parse(line.slice(RESULT_PREFIX.length)) as AwsListerResult;
  } finally {
    unregister();
  }
}

/** One SDK call as the plugin made it. */
interface RecordedCall {
  account: number;
  client: string;
  region: string;
  command: string;
  input: unknown;
}

// Dates (CloudWatch's StartTime/EndTime) survive the trip through JSON as `{ $date }`.
function dateReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  return raw instanceof Date ? { $date: raw.toISOString() } : value;
}
const dateReviver = (_key: string, value: unknown): unknown =>
  value !== null && typeof value === 'object' && '$date' in value ? new Date(String((value as { $date: string }).$date)) : value;

type SdkPackage = Record<string, unknown>;

/** The SDK package of each client class the plugin uses (its client and command classes by name). */
const PACKAGES: Record<string, SdkPackage> = {
  CloudTrailClient: cloudtrail,
  CloudWatchClient: cloudwatch,
  EC2Client: ec2,
  EKSClient: eks,
  ElasticLoadBalancingV2Client: elbv2,
  IAMClient: iam,
  KMSClient: kms,
  LambdaClient: lambda,
  RDSClient: rds,
  S3Client: s3,
  STSClient: sts,
};

const CREDENTIAL = { access_key_id: 'AKIAFIXTURE000000001', secret_access_key: 'fixture-secret-access-key-0001' };

/** `fn` over `items`, at most `limit` at once. */
async function eachBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

interface Pass {
  resources: number;
  calls: number;
  /** Untimed work after the pass (writing the recording). */
  after?: () => Promise<void>;
}

async function pluginPass(options: AwsListerOptions): Promise<Pass> {
  const recorded: RecordedCall[] = [];
  const resolving: Promise<unknown>[] = [];
  const accountByPort = new Map(options.accounts.map((account, index) => [new URL(account.url).port, index]));
  const send = Client.prototype.send;
  // The account of a call is the fixture server its client's endpoint points at (one port each).
  Client.prototype.send = function (this: Client<never, never, never, never>, ...args: Parameters<typeof send>) {
    const command = args[0] as { constructor: { name: string }; input: unknown };
    const config = this.config as unknown as { region: () => Promise<string>; endpoint: () => Promise<{ port?: number }> };
    const entry: RecordedCall = { account: -1, client: this.constructor.name, region: '', command: command.constructor.name, input: command.input };
    recorded.push(entry);
    resolving.push(
      Promise.all([config.region(), config.endpoint()]).then(([region, endpoint]) => {
        entry.region = region;
        entry.account = accountByPort.get(String(endpoint.port)) ?? -1;
      }),
    );
    return send.apply(this, args);
  } as typeof send;
  let resources = 0;
  await eachBounded(options.accounts, options.accountsAtOnce, async (account) => {
    const context = {
      tenantId: 'bench',
      jobId: `bench-${account.accountId}`,
      config: awsConfigSchema.parse({ endpoint_url: account.url, account_id: account.accountId }),
      credential: CREDENTIAL,
      signal: new AbortController().signal,
      log: () => undefined,
      reportProgress: () => undefined,
    };
    for await (const item of awsPlugin.discover(context)) if (item.kind === 'node') resources++;
  });
  Client.prototype.send = send;
  return {
    resources,
    calls: recorded.length,
    after: async () => {
      await Promise.all(resolving);
      const unattributed = recorded.filter((call) => call.account < 0).length;
      if (unattributed > 0) throw new Error(`${unattributed} SDK calls went to no fixture account`);
      await writeFile(options.calls, JSON.stringify(recorded, dateReplacer));
    },
  };
}

async function barePass(options: AwsListerOptions): Promise<Pass> {
  const recorded = JSON.parse(await readFile(options.calls, 'utf8'), dateReviver) as RecordedCall[];
  type Sender = { send(command: unknown): Promise<unknown> };
  type Class = new (input: unknown) => unknown;
  const classOf = (client: string, name: string): Class => {
    const found = PACKAGES[client]?.[name];
    if (typeof found !== 'function') throw new Error(`no ${name} in the SDK package of ${client}`);
    return found as Class;
  };
  // Made on first use, as the plugin makes its clients (inside the window, as in a worker's).
  const clients = new Map<string, Sender>();
  const clientFor = (call: RecordedCall): Sender => {
    const key = `${call.account}:${call.client}:${call.region}`;
    let client = clients.get(key);
    if (!client) {
      const Ctor = classOf(call.client, call.client);
      const endpoint = options.accounts[call.account]!.url;
      client = new Ctor({
        region: call.region,
        endpoint,
        credentials: { accessKeyId: CREDENTIAL.access_key_id, secretAccessKey: CREDENTIAL.secret_access_key },
        customUserAgent: 'strata-discovery',
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
        ...(call.client === 'S3Client' ? { forcePathStyle: true, followRegionRedirects: true } : {}),
      }) as Sender;
      clients.set(key, client);
    }
    return client;
  };
  const byAccount = options.accounts.map((_, index) => recorded.filter((call) => call.account === index));
  await eachBounded(byAccount, options.accountsAtOnce, (calls) =>
    eachBounded(calls, options.callsAtOnce, async (call) => {
      const Command = classOf(call.client, call.command);
      await clientFor(call).send(new Command(call.input)).catch((error: unknown) => {
        // The answers the plugin reads as "not configured" (NoSuchTagSet, ...) are errors to the SDK: discarded as well.
        if (!(error instanceof Error && '$metadata' in error)) throw error;
      });
    }),
  );
  return { resources: 0, calls: recorded.length };
}

async function main(options: AwsListerOptions): Promise<void> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const counted = options.mode === 'plugin' ? await pluginPass(options) : await barePass(options);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  await counted.after?.();
  const result: AwsListerResult = { mode: options.mode, resources: counted.resources, calls: counted.calls, seconds, cpuSeconds: (used.user + used.system) / 1e6 };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  // Never outlive the bench, however it ended.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(1), 1000).unref();
  main(JSON.parse(process.argv[2]!) as AwsListerOptions).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
