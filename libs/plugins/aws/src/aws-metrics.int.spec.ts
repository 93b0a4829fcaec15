import { PluginAbortedError } from '@strata/plugins-api';
import { waitFor } from '@strata/testing';
import {
  AwsFixtureServer,
  DAY_MS,
  dailyStatistics,
  FIXTURE_NOW,
  generateEstate,
  startOfDay,
  type FixtureDbInstance,
  type FixtureEstate,
  type FixtureInstance,
  type FixtureLoadBalancer,
  type FixtureRegion,
  type RecordedRequest,
} from './fixtures';
import { runAwsPlugin, type AwsRunResult } from './fixtures/run-aws-plugin';

const HOME = 'us-east-1';
const PAGE_SIZE = 5;
// runAwsPlugin's clock says noon of the estate's day: the window is the 14 days before it.
const END = FIXTURE_NOW;

/** What the estate's CloudWatch says each resource's utilisation is, worked out here from the model, not by the plugin's code. */
const round1 = (value: number) => Math.round(value * 10) / 10;
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
const windowDays = (end: Date, days: number) => Array.from({ length: days }, (_, n) => new Date(end.getTime() - (days - n) * DAY_MS));
const daily = (resource: { utilization?: FixtureInstance['utilization'] }, metric: string, end: Date, days: number) =>
  windowDays(end, days)
    .map((day) => (resource.utilization ? dailyStatistics(resource.utilization, metric, day) : undefined))
    .filter((statistics) => statistics !== undefined);

function expectedInstance(instance: FixtureInstance, end = END, days = 14) {
  const cpu = daily(instance, 'CPUUtilization', end, days);
  if (instance.state !== 'running' || cpu.length === 0) return undefined;
  const network = sum(daily(instance, 'NetworkIn', end, days).map((day) => day.sum)) + sum(daily(instance, 'NetworkOut', end, days).map((day) => day.sum));
  return {
    lookback_days: days,
    datapoints: cpu.length,
    cpu_avg_percent: round1(mean(cpu.map((day) => day.average))),
    cpu_max_percent: round1(Math.max(...cpu.map((day) => day.maximum))),
    network_mb_per_day: round1(network / 1e6 / cpu.length),
  };
}

function expectedDatabase(db: FixtureDbInstance, end = END, days = 14) {
  const cpu = daily(db, 'CPUUtilization', end, days);
  const connections = daily(db, 'DatabaseConnections', end, days);
  if (cpu.length === 0) return undefined;
  return {
    lookback_days: days,
    datapoints: cpu.length,
    cpu_avg_percent: round1(mean(cpu.map((day) => day.average))),
    cpu_max_percent: round1(Math.max(...cpu.map((day) => day.maximum))),
    connections_avg: Math.round(mean(connections.map((day) => day.average))),
    connections_max: Math.round(Math.max(...connections.map((day) => day.maximum))),
  };
}

function expectedBalancer(balancer: FixtureLoadBalancer, end = END, days = 14) {
  const requests = daily(balancer, balancer.type === 'network' ? 'NewFlowCount' : 'RequestCount', end, days);
  // ELB reports only traffic: none at all from one that existed all along is none at all.
  if (requests.length === 0 && balancer.createdTime.getTime() > end.getTime() - days * DAY_MS) return undefined;
  return { lookback_days: days, datapoints: requests.length, request_count: Math.round(sum(requests.map((day) => day.sum))) };
}

const instanceArn = (estate: FixtureEstate, region: string, id: string) => `arn:aws:ec2:${region}:${estate.accountId}:instance/${id}`;
const warnings = (run: AwsRunResult) => run.logs.filter((line) => line.level === 'warn').map((line) => line.msg);
const utilizationOf = (run: AwsRunResult, id: string) => run.nodes.get(id)?.attributes['utilization'];
const measured = (run: AwsRunResult) => [...run.nodes.values()].filter((node) => node.attributes['utilization'] !== undefined);

/** Every measured resource of a region, with its node id and what its utilisation should be. */
function expectations(estate: FixtureEstate, region: FixtureRegion, end = END, days = 14) {
  return [
    ...region.instances.map((instance) => ({ id: instanceArn(estate, region.name, instance.id), idle: instance.utilization?.idle, kind: 'instance', expected: expectedInstance(instance, end, days) })),
    ...region.dbInstances.map((db) => ({ id: db.arn, idle: db.utilization?.idle, kind: 'database', expected: expectedDatabase(db, end, days) })),
    ...region.loadBalancers.map((balancer) => ({ id: balancer.arn, idle: balancer.utilization?.idle, kind: balancer.type, expected: expectedBalancer(balancer, end, days) })),
  ];
}

describe('the aws plugin reading CloudWatch utilisation', () => {
  let fixture: AwsFixtureServer;
  let estate: FixtureEstate;
  let run: AwsRunResult;
  let requests: RecordedRequest[];
  const home = () => estate.regions.find((region) => region.name === HOME)!;

  beforeAll(async () => {
    estate = generateEstate({ size: 200, seed: 'cw' });
    fixture = await AwsFixtureServer.start({ estate, pageSize: PAGE_SIZE });
    run = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2', 'rds'] });
    requests = [...fixture.requests];
  });

  afterEach(() => {
    fixture.setFaults({});
    fixture.clearRequests();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("puts on every running instance, available database and active load balancer what the estate's CloudWatch says", () => {
    const all = estate.regions.flatMap((region) => expectations(estate, region));
    for (const { id, expected } of all) expect({ id, utilization: utilizationOf(run, id) }).toEqual({ id, utilization: expected });
    // Some resources are younger than the window, and are measured over the days they existed.
    expect(all.some(({ expected }) => expected !== undefined && expected.datapoints > 0 && expected.datapoints < 14)).toBe(true);
    const stopped = estate.regions.flatMap((region) => region.instances.filter((instance) => instance.state === 'stopped').map((instance) => instanceArn(estate, region.name, instance.id)));
    expect(stopped.length).toBeGreaterThan(0);
    for (const id of stopped) expect(run.nodes.get(id)?.attributes).not.toHaveProperty('utilization');
  });

  it('shows the idle ones idle (CPU under 2 %, little network, no connections, no requests) and the busy ones busy', () => {
    const all = estate.regions.flatMap((region) => expectations(estate, region)).filter(({ expected }) => expected !== undefined);
    const idle = (...kinds: string[]) => all.filter((resource) => kinds.includes(resource.kind) && resource.idle).map(({ id }) => utilizationOf(run, id) as Record<string, number>);
    const busy = (...kinds: string[]) => all.filter((resource) => kinds.includes(resource.kind) && !resource.idle).map(({ id }) => utilizationOf(run, id) as Record<string, number>);
    for (const kinds of [['instance'], ['database'], ['application', 'network']]) {
      expect({ kinds, idle: idle(...kinds).length > 0, busy: busy(...kinds).length > 0 }).toEqual({ kinds, idle: true, busy: true });
    }
    for (const found of idle('instance')) {
      expect(found.cpu_avg_percent).toBeLessThan(2);
      expect(found.network_mb_per_day).toBeLessThan(5);
    }
    for (const found of busy('instance')) {
      expect(found.cpu_avg_percent).toBeGreaterThanOrEqual(5);
      expect(found.network_mb_per_day).toBeGreaterThanOrEqual(100);
    }
    for (const found of idle('database')) expect(found).toMatchObject({ connections_avg: 0, connections_max: 0 });
    for (const found of idle('database')) expect(found.cpu_avg_percent).toBeLessThan(2);
    for (const found of busy('database')) expect(found.connections_max).toBeGreaterThan(0);
    for (const found of idle('application', 'network')) expect(found).toMatchObject({ datapoints: 0, request_count: 0 });
    for (const found of busy('application', 'network')) expect(found.request_count).toBeGreaterThan(1000);
  });

  it('says per region how many resources got utilisation, and warns of nothing', () => {
    for (const region of estate.regions.filter((candidate) => candidate.instances.length > 0)) {
      const resources = expectations(estate, region).filter(({ kind, expected, id }) => expected !== undefined || (kind === 'instance' ? run.nodes.get(id)?.attributes['state'] === 'running' : true));
      const got = resources.filter(({ expected }) => expected !== undefined).length;
      expect(run.logs).toContainEqual({ level: 'info', msg: `CloudWatch utilisation for ${got} of ${resources.length} resources in ${region.name} (14 days to 2026-11-01)` });
    }
    expect(run.logs.filter((line) => line.msg.startsWith('CloudWatch utilisation for'))).toHaveLength(3);
    expect(warnings(run)).toEqual([]);
  });

  it('measures a page of resources with one GetMetricData call per 500 queries, in the region of the page', () => {
    // The fixture pages by five: every page of resources with something to measure is one call (at most 5 x 4 queries).
    const pages = <T>(items: readonly T[]) => Array.from({ length: Math.ceil(items.length / PAGE_SIZE) }, (_, n) => items.slice(n * PAGE_SIZE, (n + 1) * PAGE_SIZE));
    for (const region of estate.regions) {
      const calls = [
        ...pages(region.instances).map((page) => Math.ceil((4 * page.filter((instance) => instance.state === 'running').length) / 500)),
        ...pages(region.dbInstances).map((page) => Math.ceil((4 * page.length) / 500)),
        ...pages(region.loadBalancers).map((page) => Math.ceil(page.length / 500)),
      ];
      const made = requests.filter((request) => request.service === 'cloudwatch' && request.region === region.name);
      expect({ region: region.name, calls: made.length }).toEqual({ region: region.name, calls: sum(calls) });
      expect(made.every((request) => request.operation === 'GetMetricData' && request.status === 200)).toBe(true);
    }
  });

  it('splits a large page into calls of 500 queries and follows every NextToken', async () => {
    // One page of 150+ running instances: more than 500 queries, and more datapoints than a page of them holds.
    const large = generateEstate({ size: 3000, seed: 'cw-batch', regions: [HOME, 'us-west-2'] });
    const perPage = 2000;
    const server = await AwsFixtureServer.start({ estate: large, pageSize: 1000, datapointsPerPage: perPage });
    try {
      const result = await runAwsPlugin({ endpoint_url: server.url, services: ['ec2'], regions: [HOME] });
      const region = large.regions[0]!;
      const running = region.instances.filter((instance) => instance.state === 'running');
      expect(running.length * 4).toBeGreaterThan(500);
      // Each query holds a datapoint per day of data; a batch is 500 queries, paged by the fixture's 2000 datapoints.
      const points = running.flatMap((instance) => Array<number>(4).fill(daily(instance, 'CPUUtilization', END, 14).length));
      const batches = Array.from({ length: Math.ceil(points.length / 500) }, (_, n) => sum(points.slice(n * 500, (n + 1) * 500)));
      const balancerPoints = sum(region.loadBalancers.map((balancer) => daily(balancer, balancer.type === 'network' ? 'NewFlowCount' : 'RequestCount', END, 14).length));
      const calls = sum(batches.map((batch) => Math.max(1, Math.ceil(batch / perPage)))) + Math.max(1, Math.ceil(balancerPoints / perPage));
      expect(batches.length).toBe(Math.ceil((running.length * 4) / 500));
      expect(server.callsOf('cloudwatch:GetMetricData')).toHaveLength(calls);
      expect(calls).toBeGreaterThan(batches.length + 1);
      for (const { id, expected } of expectations(large, region).filter(({ kind }) => kind !== 'database')) expect({ id, utilization: utilizationOf(result, id) }).toEqual({ id, utilization: expected });
    } finally {
      await server.close();
    }
  });

  it('reads the days the job asks for, and gives nothing to what CloudWatch has no datapoint for', async () => {
    // A clock 200 days before the estate's day: a share of its resources did not exist yet.
    const now = new Date(FIXTURE_NOW.getTime() - 200 * DAY_MS + 3_600_000);
    const result = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2', 'rds'], regions: [HOME], metrics_lookback_days: 3 }, { plugin: { now: () => now } });
    const all = expectations(estate, home(), startOfDay(now), 3);
    for (const { id, expected } of all) expect({ id, utilization: utilizationOf(result, id) }).toEqual({ id, utilization: expected });
    const instances = all.filter(({ kind, id }) => kind === 'instance' && result.nodes.get(id)?.attributes['state'] === 'running');
    expect(instances.some(({ expected }) => expected === undefined)).toBe(true);
    expect(instances.some(({ expected }) => expected?.lookback_days === 3)).toBe(true);
  });

  it('makes no CloudWatch call and puts no utilization when the job turns metrics off', async () => {
    const result = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2', 'rds'], regions: [HOME], metrics: false });
    expect(result.nodes.size).toBeGreaterThan(50);
    expect(measured(result)).toEqual([]);
    expect(fixture.requests.filter((request) => request.service === 'cloudwatch')).toEqual([]);
    expect(result.logs.filter((line) => line.msg.includes('CloudWatch'))).toEqual([]);
  });

  it('warns once for a region where CloudWatch is denied, and discovers all of it without utilisation', async () => {
    fixture.setFaults({ deny: [{ service: 'cloudwatch', region: 'us-west-2' }] });
    const result = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2', 'rds'] });
    expect(warnings(result)).toEqual(['CloudWatch metrics unavailable in us-west-2: insufficient permissions (cloudwatch:GetMetricData); utilisation-based rules will not judge these resources']);
    expect(result.nodes.size).toBe(run.nodes.size);
    const west = estate.regions.find((region) => region.name === 'us-west-2')!;
    for (const { id } of expectations(estate, west)) expect(result.nodes.get(id)?.attributes).not.toHaveProperty('utilization');
    for (const { id, expected } of expectations(estate, home())) expect(utilizationOf(result, id)).toEqual(expected);
    expect(result.logs.filter((line) => line.msg.startsWith('CloudWatch utilisation for')).map((line) => line.msg)).toEqual([
      expect.stringContaining(' in eu-west-1 '),
      expect.stringContaining(' in us-east-1 '),
    ]);
  });

  it('retries throttled GetMetricData calls like any other, and measures everything', async () => {
    fixture.setFaults({ throttle: { 'cloudwatch:GetMetricData': 2 } });
    const result = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2', 'rds'], regions: [HOME] });
    expect(fixture.callsOf('cloudwatch:GetMetricData').map((call) => call.status).slice(0, 3)).toEqual([400, 400, 200]);
    expect(warnings(result)).toEqual([expect.stringMatching(/^AWS is throttling cloudwatch:GetMetricData in us-east-1 \(Throttling\); retrying with backoff/), 'AWS throttled 2 calls in all; each was retried']);
    for (const { id, expected } of expectations(estate, home())) expect(utilizationOf(result, id)).toEqual(expected);
  });

  it('goes on without utilisation when CloudWatch keeps throttling, instead of failing the run', async () => {
    fixture.setFaults({ throttle: { 'cloudwatch:GetMetricData': Infinity } });
    const result = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2'], regions: [HOME], max_attempts: 2 });
    expect(warnings(result)).toContain(
      'CloudWatch metrics unavailable in us-east-1: AWS kept throttling cloudwatch:GetMetricData in us-east-1 (Throttling) through 2 attempts; utilisation-based rules will not judge these resources',
    );
    expect(result.nodes.size).toBeGreaterThan(50);
    expect(measured(result)).toEqual([]);
  });

  it('stops at once when the job is cancelled while CloudWatch is being waited for', async () => {
    fixture.setFaults({ throttle: { 'cloudwatch:GetMetricData': Infinity } });
    const controller = new AbortController();
    // A minute-long backoff, far beyond the test's timeout: rejecting at all shows the wait was cut short.
    const cancelled = runAwsPlugin({ endpoint_url: fixture.url, services: ['rds'], regions: [HOME] }, { signal: controller.signal, plugin: { backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } } });
    await waitFor(() => fixture.callsOf('cloudwatch:GetMetricData').length > 0, { message: 'the first GetMetricData call' });
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(PluginAbortedError);
  });
});
