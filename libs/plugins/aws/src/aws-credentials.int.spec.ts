import { PluginError } from '@strata/plugins-api';
import { assumedRoleAccessKeyId, AwsFixtureServer, generateEstate, type FixtureEstate } from './fixtures';
import { countByType, FIXTURE_CREDENTIAL, runAwsPlugin } from './fixtures/run-aws-plugin';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/StrataReadOnly';
const EXTERNAL_ID = 'strata-external-id-abc123';

describe('the aws plugin and its credentials and endpoints', () => {
  let fixture: AwsFixtureServer;
  let estate: FixtureEstate;

  beforeAll(async () => {
    estate = generateEstate({ size: 150, seed: 'credentials' });
    fixture = await AwsFixtureServer.start({ estate, pageSize: 5, sts: { requiredExternalId: EXTERNAL_ID } });
  });

  afterEach(() => fixture.clearRequests());
  afterAll(async () => {
    await fixture?.close();
  });

  it('sends the session token of temporary keys with every call', async () => {
    await runAwsPlugin({ endpoint_url: fixture.url, services: ['kms'], regions: ['us-east-1'] }, { credential: { ...FIXTURE_CREDENTIAL, session_token: 'fixture-session-token' } });
    expect(fixture.requests.length).toBeGreaterThan(2);
    expect(fixture.requests.every((request) => request.sessionToken && request.accessKeyId === FIXTURE_CREDENTIAL.access_key_id)).toBe(true);
  });

  it("assumes the config's role with its external id, then signs everything with the role's keys", async () => {
    const run = await runAwsPlugin({ endpoint_url: fixture.url, services: ['iam'], role_arn: ROLE_ARN, external_id: EXTERNAL_ID });
    expect(countByType(run.nodes.values())['aws.iam.user']).toBe(estate.iam.users.length);
    const [assume, ...rest] = fixture.requests;
    expect(assume).toMatchObject({ operation: 'AssumeRole', accessKeyId: FIXTURE_CREDENTIAL.access_key_id, sessionToken: false });
    const roleKey = assumedRoleAccessKeyId(ROLE_ARN, 'strata-discovery');
    expect(rest.length).toBeGreaterThan(5);
    expect(rest.every((request) => request.accessKeyId === roleKey && request.sessionToken)).toBe(true);
    // Assumed once for the whole run, not once per client.
    expect(fixture.callsOf('sts:AssumeRole')).toHaveLength(1);
  });

  it('takes the role from the credential when the config names none', async () => {
    const credential = { ...FIXTURE_CREDENTIAL, role_arn: ROLE_ARN, external_id: EXTERNAL_ID };
    const run = await runAwsPlugin({ endpoint_url: fixture.url, services: ['kms'], regions: ['us-east-1'] }, { credential });
    expect(run.nodes.size).toBeGreaterThan(0);
    expect(fixture.callsOf('kms:ListKeys').every((request) => request.accessKeyId === assumedRoleAccessKeyId(ROLE_ARN, 'strata-discovery'))).toBe(true);
  });

  it('fails with invalid_credential when the role may not be assumed (a wrong external id)', async () => {
    const run = runAwsPlugin({ endpoint_url: fixture.url, role_arn: ROLE_ARN, external_id: 'wrong-external-id' });
    await expect(run).rejects.toBeInstanceOf(PluginError);
    await expect(run).rejects.toMatchObject({ code: 'invalid_credential', message: expect.stringMatching(/^Could not assume role arn:aws:iam::123456789012:role\/StrataReadOnly: AccessDenied: .*check the role's trust policy and external id/) });
  });

  it('fails with invalid_credential when the credential has neither keys nor a role', async () => {
    await expect(runAwsPlugin({ endpoint_url: fixture.url }, { credential: {} })).rejects.toMatchObject({ code: 'invalid_credential' });
  });

  it('sends a service to its own endpoint when the config overrides it, S3 in path style', async () => {
    const s3Only = await AwsFixtureServer.start({ estate, pageSize: 5 });
    try {
      const run = await runAwsPlugin({ endpoint_url: fixture.url, endpoints: { s3: s3Only.url }, services: ['s3', 'kms'], regions: ['us-east-1'] });
      expect(countByType(run.nodes.values())['aws.s3.bucket']).toBe(estate.buckets.length);
      expect(new Set(s3Only.requests.map((request) => request.service))).toEqual(new Set(['s3']));
      expect(fixture.requests.some((request) => request.service === 's3')).toBe(false);
      // The fixture finds the bucket in the path: path-style addressing, as a custom endpoint needs.
      expect(s3Only.callsOf('s3:GetPublicAccessBlock')).toHaveLength(estate.buckets.length);
      // Each bucket's settings are read from the bucket's own region, never redirected.
      expect(s3Only.requests.filter((request) => request.status === 301)).toEqual([]);
    } finally {
      await s3Only.close();
    }
  });
});
