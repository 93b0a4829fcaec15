import { PluginAbortedError, PluginError } from '@strata/plugins-api';
import { freePort, waitFor } from '@strata/testing';
import { AwsFixtureServer, generateEstate, type FixtureEstate } from './fixtures';
import { countByType, FIXTURE_CREDENTIAL, runAwsPlugin, type AwsRunResult } from './fixtures/run-aws-plugin';

const HOME = 'us-east-1';

describe('the aws plugin when AWS makes trouble', () => {
  let fixture: AwsFixtureServer;
  let estate: FixtureEstate;
  const home = () => estate.regions.find((region) => region.name === HOME)!;
  const warnings = (run: AwsRunResult) => run.logs.filter((line) => line.level === 'warn').map((line) => line.msg);

  beforeAll(async () => {
    estate = generateEstate({ size: 300, seed: 'faults' });
    fixture = await AwsFixtureServer.start({ estate, pageSize: 5 });
  });

  afterEach(() => {
    fixture.setFaults({});
    fixture.clearRequests();
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it('retries throttled calls with backoff in every protocol, says so in the log, and finds everything', async () => {
    fixture.setFaults({
      throttle: { 'ec2:DescribeInstances': 2, 'iam:GetAccountAuthorizationDetails': 1, 's3:ListBuckets': 1, 'lambda:ListFunctions': 1, 'kms:ListKeys': 1, 'eks:ListClusters': 1 },
    });
    const run = await runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME], services: ['ec2', 'iam', 's3', 'lambda', 'kms', 'eks'] });

    const counts = countByType(run.nodes.values());
    expect(counts['aws.ec2.instance']).toBe(home().instances.length);
    expect(counts['aws.iam.user']).toBe(estate.iam.users.length);
    expect(counts['aws.s3.bucket']).toBe(estate.buckets.length);
    expect(counts['aws.lambda.function']).toBe(home().functions.length);
    expect(counts['aws.kms.key']).toBe(home().keys.length);
    expect(counts['aws.eks.cluster']).toBe(home().eksClusters.length);
    const instancePages = Math.ceil(home().instances.length / 5);
    expect(fixture.callsOf('ec2:DescribeInstances').map((call) => call.status)).toEqual([503, 503, ...Array<number>(instancePages).fill(200)]);
    expect(fixture.callsOf('lambda:ListFunctions')[0]?.status).toBe(429);
    expect(warnings(run)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^AWS is throttling ec2:DescribeInstances in us-east-1 \(RequestLimitExceeded\); retrying with backoff/),
        expect.stringMatching(/^AWS is throttling iam:GetAccountAuthorizationDetails in us-east-1 \(Throttling\)/),
        expect.stringMatching(/^AWS is throttling s3:ListBuckets in us-east-1 \(SlowDown\)/),
        expect.stringMatching(/^AWS is throttling lambda:ListFunctions in us-east-1 \(TooManyRequestsException\)/),
        expect.stringMatching(/^AWS is throttling kms:ListKeys in us-east-1 \(ThrottlingException\)/),
        'AWS throttled 7 calls in all; each was retried',
      ]),
    );
  });

  it('fails the run with rate_limited when AWS keeps throttling', async () => {
    fixture.setFaults({ throttle: { 'ec2:DescribeVpcs': Infinity } });
    const run = runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME], services: ['ec2'], max_attempts: 3 });
    await expect(run).rejects.toBeInstanceOf(PluginError);
    await expect(run).rejects.toMatchObject({ code: 'rate_limited', message: expect.stringContaining('AWS kept throttling ec2:DescribeVpcs in us-east-1 (RequestLimitExceeded) through 3 attempts') });
    expect(fixture.callsOf('ec2:DescribeVpcs')).toHaveLength(3);
  });

  it("skips a service it may not read, in the API's words, and scans the rest", async () => {
    fixture.setFaults({ deny: [{ service: 'rds' }] });
    const run = await runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME], services: ['rds', 'lambda'] });
    expect(warnings(run)).toEqual([
      "Skipping service 'rds' in us-east-1: insufficient permissions (rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBSnapshots, rds:DescribeDBClusterSnapshots)",
    ]);
    expect(countByType(run.nodes.values())).toEqual({ 'aws.lambda.function': home().functions.length });
  });

  it('skips only what one missing permission guards', async () => {
    fixture.setFaults({ deny: [{ service: 'ec2', operation: 'DescribeSnapshots' }, { service: 's3', operation: 'GetPublicAccessBlock' }, { service: 'iam' }] });
    const run = await runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME], services: ['ec2', 's3', 'iam'] });
    expect(warnings(run)).toEqual(
      expect.arrayContaining([
        'Skipping EBS snapshots in us-east-1: insufficient permissions (ec2:DescribeSnapshots)',
        `Could not read the public access block of ${estate.buckets.length} S3 buckets: insufficient permissions`,
        expect.stringMatching(/^Skipping service 'iam': insufficient permissions \(iam:GetAccountAuthorizationDetails, iam:ListUsers, iam:GetAccountPasswordPolicy\)$/),
      ]),
    );
    const counts = countByType(run.nodes.values());
    expect(counts['aws.ec2.snapshot']).toBeUndefined();
    expect(counts['aws.ec2.instance']).toBe(home().instances.length);
    const bucket = [...run.nodes.values()].find((found) => found.type === 'aws.s3.bucket')!;
    // Unknown is not "not blocked": a rule must not fire on what could not be read.
    expect(bucket.attributes).not.toHaveProperty('public_access_blocked');
    expect(bucket.attributes).toHaveProperty('encrypted');
  });

  it('fails the run with invalid_credential when the token has expired, naming no secret', async () => {
    fixture.setFaults({ expiredAccessKeys: [FIXTURE_CREDENTIAL.access_key_id] });
    const run = runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME] });
    await expect(run).rejects.toBeInstanceOf(PluginError);
    const error = (await run.catch((failure: unknown) => failure)) as PluginError;
    expect(error.code).toBe('invalid_credential');
    expect(error.message).toContain('ExpiredToken: The security token included in the request is expired');
    expect(error.message).not.toContain(FIXTURE_CREDENTIAL.secret_access_key);
  });

  it('fails the whole run with invalid_credential when the token expires mid-run, and stops the other scans', async () => {
    // STS and DescribeRegions still accept the token; the scans that follow find it expired.
    fixture.setFaults({ expireAfterCalls: 2 });
    const failing = runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME], services: ['ec2', 'lambda', 'kms'], concurrency: 3 });
    await expect(failing).rejects.toMatchObject({
      code: 'invalid_credential',
      message: expect.stringMatching(/^AWS rejected the credential \((ec2:DescribeVpcs|lambda:ListFunctions|kms:ListAliases) in us-east-1\): ExpiredToken/),
    });
    // The first refusal ends the run: no scan goes on asking.
    expect(fixture.requests.length).toBeLessThanOrEqual(2 + 3);
  });

  it('stops promptly when the job is cancelled mid-call', async () => {
    // Calls held for ten minutes: a run that waited for one would time out.
    fixture.setFaults({ latencyMs: 600_000 });
    const controller = new AbortController();
    const run = runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME] }, { signal: controller.signal });
    await waitFor(() => fixture.requests.length > 0 && fixture.requests.at(-1)!.operation === 'GetCallerIdentity', { message: 'the first call' });
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(PluginAbortedError);
  });

  it('fails with connection_refused when nothing answers at the endpoint', async () => {
    const port = await freePort();
    const run = runAwsPlugin({ endpoint_url: `http://127.0.0.1:${port}` });
    await expect(run).rejects.toMatchObject({ code: 'connection_refused', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('skips requested regions the account has not enabled, and services it does not scan', async () => {
    const run = await runAwsPlugin({ endpoint_url: fixture.url, regions: [HOME, 'me-south-1'], services: ['kms', 'shield'] });
    expect(warnings(run)).toEqual(["Skipping service 'shield': not supported by the aws plugin", "Skipping region 'me-south-1': not enabled for this account"]);
    expect(new Set(fixture.callsOf('kms:ListKeys').map((call) => call.region))).toContain(HOME);
    expect(fixture.requests.some((request) => request.region === 'me-south-1')).toBe(false);
  });

  it('scans the requested regions, or the home region, when it may not list the enabled ones', async () => {
    fixture.setFaults({ deny: [{ service: 'ec2', operation: 'DescribeRegions' }] });
    const run = await runAwsPlugin({ endpoint_url: fixture.url, services: ['kms'] });
    expect(warnings(run)).toEqual(["Could not list the account's enabled regions (insufficient permissions for ec2:DescribeRegions); scanning us-east-1"]);
    expect(countByType(run.nodes.values())).toEqual({ 'aws.kms.key': home().keys.length });
  });

  it('fails with invalid_credential when the credential belongs to another account than config.account_id', async () => {
    const run = runAwsPlugin({ endpoint_url: fixture.url, account_id: '999999999999' });
    await expect(run).rejects.toMatchObject({ code: 'invalid_credential', message: `The credential belongs to account ${estate.accountId}, not to account 999999999999 (config.account_id)` });
  });
});
