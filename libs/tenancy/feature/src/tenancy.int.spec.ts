import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TENANT_LIMITS, type CredentialResolver, type TenantLimits } from '@strata/contracts';
import { createHttpApp, openApiProblems } from '@strata/platform-http';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { ensureBootstrapToken } from './bootstrap/ensure-bootstrap-token';
import { CredentialsService } from './credentials/credentials.service';
import { CREDENTIAL_CATALOG, CREDENTIAL_RESOLVER, credentialResolverFor, type CredentialCatalog } from './credentials/credential-vault';
import { loadSecretKey, SecretKey, SecretKeyMismatchError } from '@strata/platform-secrets';
import { apiTokensCollection, credentialsCollection, PLATFORM_SCOPE, tenantsCollection } from './storage/tenancy-collections';
import { TenancyModule } from './tenancy.module';

const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const GITHUB_TOKEN = 'ghp_d0ntL3akM3PleaseXXXXXXXXXXXXXXXXXXXX';
const KUBE_CLIENT_KEY = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCnNlY3JldC1rdWJlLWtleQ';
const KUBECONFIG = [
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '- name: prod',
  '  cluster: {server: "https://10.0.0.1:6443"}',
  'users:',
  '- name: admin',
  `  user: {client-key-data: ${KUBE_CLIENT_KEY}}`,
  'current-context: prod',
].join('\n');
const GCP_PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\\nMIIEvQgcpSecretMaterial\\n-----END PRIVATE KEY-----\\n';
const GCP_KEY_JSON = `{"type":"service_account","client_email":"scanner@proj.iam.gserviceaccount.com","private_key":"${GCP_PRIVATE_KEY}"}`;
const SECRETS = [AWS_SECRET, AWS_KEY_ID, GITHUB_TOKEN, KUBE_CLIENT_KEY, 'MIIEvQgcpSecretMaterial'];

describe('tenancy over HTTP', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let app: NestFastifyApplication;
  let secretKey: SecretKey;
  const logLines: string[] = [];
  const bodies: string[] = [];
  const issuedTokens: string[] = [];
  let adminToken: string;
  let tenantAdminToken: string;
  let readerToken: string;
  let readerTokenId: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = await openSqliteReadStore(join(dir.path, 'strata.db'));
    secretKey = (await loadSecretKey({ env: {}, dataDir: dir.path })).key;
    const logger = createLogger({ name: 'tenancy-test', destination: { write: (line: string) => void logLines.push(line) } });

    // One second per stamp: lists sort by creation time, and equal stamps would order by id.
    let tick = 0;
    const clock = () => new Date(Date.UTC(2024, 2, 16, 10, 0, tick++));

    @Module({ imports: [TenancyModule.forRoot({ readStore, secretKey, clock })] })
    class RootModule {}

    app = await createHttpApp(RootModule, { logger });
    await app.init();
    const outcome = await ensureBootstrapToken({ readStore, env: {}, log: (line) => logger.info(line) });
    if (outcome.status !== 'generated') throw new Error(`expected a generated token, got ${outcome.status}`);
    adminToken = outcome.token;
  });

  afterAll(async () => {
    await app.close();
    await readStore.close();
    await dir.remove();
  });

  async function call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: object) {
    const response = await app.inject({
      method,
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload }),
    });
    bodies.push(response.body);
    return { status: response.statusCode, body: response.body === '' ? undefined : response.json() };
  }

  async function storedDocuments(): Promise<number> {
    const scopes = [PLATFORM_SCOPE, 'acme-corp', 'globex'];
    let total = 0;
    for (const scope of scopes) {
      for (const collection of [tenantsCollection, apiTokensCollection, credentialsCollection] as const) {
        total += await readStore.collection<object>(collection).forTenant(scope).count();
      }
    }
    return total;
  }

  it('refuses garbage tokens with 401', async () => {
    expect(await call('GET', '/api/v1/tenants', 'strata_not-a-real-token')).toEqual({
      status: 401,
      body: { error: 'Missing or invalid bearer token', code: 'unauthorized' },
    });
  });

  it('lets the bootstrap admin create and list tenants', async () => {
    expect(await call('POST', '/api/v1/tenants', adminToken, { id: 'acme-corp', name: 'Acme Corp' })).toEqual({
      status: 201,
      body: { id: 'acme-corp', name: 'Acme Corp', created_at: expect.any(String), max_nodes: null },
    });
    expect((await call('POST', '/api/v1/tenants', adminToken, { id: 'globex', name: 'Globex' })).status).toBe(201);

    const firstPage = await call('GET', '/api/v1/tenants?limit=1', adminToken);
    expect(firstPage.body.items.map((tenant: { id: string }) => tenant.id)).toEqual(['acme-corp']);
    const secondPage = await call('GET', `/api/v1/tenants?limit=1&cursor=${encodeURIComponent(firstPage.body.next_cursor)}`, adminToken);
    expect(secondPage.body.items.map((tenant: { id: string }) => tenant.id)).toEqual(['globex']);
  });

  it('refuses bad tenant requests and writes nothing', async () => {
    const before = await storedDocuments();
    expect(await call('POST', '/api/v1/tenants', adminToken, { id: 'Acme Corp!', name: 'x' })).toEqual({
      status: 400,
      body: { error: 'Invalid request body', code: 'validation_error', details: [{ path: 'id', message: expect.stringContaining('lower-case') }] },
    });
    expect(await call('POST', '/api/v1/tenants', adminToken, { id: 'acme-corp', name: 'Again' })).toEqual({
      status: 409,
      body: { error: 'tenant acme-corp already exists', code: 'tenant_exists' },
    });
    expect((await call('GET', '/api/v1/tenants?cursor=bogus', adminToken)).body).toMatchObject({ code: 'invalid_cursor' });
    for (const name of ['Acme\u0000Corp', 'Acme \ud800']) {
      expect(await call('POST', '/api/v1/tenants', adminToken, { id: 'acme-printable', name })).toEqual({
        status: 400,
        body: { error: 'Invalid request body', code: 'validation_error', details: [{ path: 'name', message: expect.stringContaining('printable') }] },
      });
    }
    expect(await storedDocuments()).toBe(before);
  });

  it("lets platform admins set a tenant's node limit, which TENANT_LIMITS then reports", async () => {
    const limits = app.get<TenantLimits>(TENANT_LIMITS);
    expect(await limits.maxNodes('acme-corp')).toBeUndefined();
    expect(await call('PATCH', '/api/v1/tenants/acme-corp', adminToken, { max_nodes: 1000 })).toEqual({
      status: 200,
      body: { id: 'acme-corp', name: 'Acme Corp', created_at: expect.any(String), max_nodes: 1000 },
    });
    expect((await call('GET', '/api/v1/tenants/acme-corp', adminToken)).body).toMatchObject({ max_nodes: 1000 });
    expect(await limits.maxNodes('acme-corp')).toBe(1000);
    expect(await limits.maxNodes('globex')).toBeUndefined();
    expect(await limits.maxNodes('nowhere')).toBeUndefined();

    expect((await call('PATCH', '/api/v1/tenants/acme-corp', adminToken, { max_nodes: null })).body).toMatchObject({ max_nodes: null });
    expect(await limits.maxNodes('acme-corp')).toBeUndefined();
    expect((await call('PATCH', '/api/v1/tenants/acme-corp', adminToken, { max_nodes: 0 })).body).toMatchObject({ max_nodes: 0 });
    expect(await limits.maxNodes('acme-corp')).toBe(0);
    expect((await call('PATCH', '/api/v1/tenants/acme-corp', adminToken, { max_nodes: null })).status).toBe(200);
  });

  it('refuses bad node limits, other callers and unknown tenants, writing nothing', async () => {
    const before = (await call('GET', '/api/v1/tenants/acme-corp', adminToken)).body;
    for (const body of [{ max_nodes: -1 }, { max_nodes: 1.5 }, { max_nodes: '1000' }, { max_nodes: 2_000_000_000 }, {}, { max_nodes: 10, name: 'x' }]) {
      const response = await call('PATCH', '/api/v1/tenants/acme-corp', adminToken, body);
      expect({ body, status: response.status, code: response.body.code }).toEqual({ body, status: 400, code: 'validation_error' });
    }
    expect(await call('PATCH', '/api/v1/tenants/nowhere', adminToken, { max_nodes: 5 })).toEqual({
      status: 404,
      body: { error: 'tenant nowhere does not exist', code: 'tenant_not_found' },
    });
    expect((await call('GET', '/api/v1/tenants/acme-corp', adminToken)).body).toEqual(before);
  });

  it('issues tokens that are shown once and stored hashed', async () => {
    const created = await call('POST', '/api/v1/tenants/acme-corp/tokens', adminToken, {
      name: 'acme admin',
      permissions: ['tokens:write', 'jobs:read', 'credentials:read', 'credentials:write'],
    });
    expect(created).toEqual({
      status: 201,
      body: {
        id: expect.stringMatching(/^tok-[0-9a-f]{16}$/),
        tenant_id: 'acme-corp',
        name: 'acme admin',
        token: expect.stringMatching(/^strata_[A-Za-z0-9_-]{43}$/),
        permissions: ['credentials:read', 'credentials:write', 'jobs:read', 'tokens:write'],
        created_at: expect.any(String),
        revoked_at: null,
      },
    });
    tenantAdminToken = created.body.token;

    const reader = await call('POST', '/api/v1/tenants/acme-corp/tokens', tenantAdminToken, { name: 'ci', permissions: ['jobs:read'] });
    expect(reader.status).toBe(201);
    readerToken = reader.body.token;
    readerTokenId = reader.body.id;
    issuedTokens.push(tenantAdminToken, readerToken);

    const listed = await call('GET', '/api/v1/tenants/acme-corp/tokens', tenantAdminToken);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.every((token: object) => !('token' in token) && !('hash' in token))).toBe(true);
  });

  it('refuses bad token requests and writes nothing', async () => {
    const before = await storedDocuments();
    const unknownPermission = await call('POST', '/api/v1/tenants/acme-corp/tokens', adminToken, { name: 'x', permissions: ['jobs:delete'] });
    expect(unknownPermission).toEqual({
      status: 400,
      body: { error: 'Invalid request body', code: 'validation_error', details: [{ path: 'permissions.0', message: expect.any(String) }] },
    });
    const platformAdmin = await call('POST', '/api/v1/tenants/acme-corp/tokens', adminToken, { name: 'x', permissions: ['platform:admin'] });
    expect(platformAdmin.body.details).toEqual([{ path: 'permissions.0', message: expect.any(String) }]);
    expect(await call('POST', '/api/v1/tenants/acme-corp/tokens', tenantAdminToken, { name: 'x', permissions: ['jobs:create'] })).toEqual({
      status: 403,
      body: { error: 'A token can only grant permissions it holds; this one lacks jobs:create', code: 'forbidden' },
    });
    for (const name of ['ci\u0000', '\udfffci', 'ci\npipeline']) {
      expect((await call('POST', '/api/v1/tenants/acme-corp/tokens', adminToken, { name, permissions: ['jobs:read'] })).body.details).toEqual([
        { path: 'name', message: expect.stringContaining('printable') },
      ]);
    }
    expect(await call('POST', '/api/v1/tenants/nowhere/tokens', adminToken, { name: 'x', permissions: ['jobs:read'] })).toEqual({
      status: 404,
      body: { error: 'tenant nowhere does not exist', code: 'tenant_not_found' },
    });
    expect(await storedDocuments()).toBe(before);
  });

  it('lets a token act in its own tenant and with its own permissions only', async () => {
    expect((await call('GET', '/api/v1/tenants/acme-corp', readerToken)).status).toBe(200);
    const forbidden = { status: 403, body: { error: expect.any(String), code: 'forbidden' } };
    expect(await call('GET', '/api/v1/tenants/globex', readerToken)).toEqual(forbidden);
    expect(await call('GET', '/api/v1/tenants', readerToken)).toEqual(forbidden);
    expect(await call('GET', '/api/v1/tenants/acme-corp/credentials', readerToken)).toEqual(forbidden);
    expect(await call('GET', '/api/v1/tenants/acme-corp/tokens', readerToken)).toEqual(forbidden);
    expect(await call('GET', '/api/v1/tenants/globex/credentials', tenantAdminToken)).toEqual(forbidden);
    expect(await call('POST', '/api/v1/tenants', tenantAdminToken, { id: 'mine', name: 'Mine' })).toEqual(forbidden);
    expect(await call('PATCH', '/api/v1/tenants/acme-corp', tenantAdminToken, { max_nodes: 1_000_000 })).toEqual(forbidden);
  });

  it('tells a token who it is: its tenant (null for a platform token) and its permissions', async () => {
    expect(await call('GET', '/api/v1/whoami', readerToken)).toEqual({
      status: 200,
      body: { token_id: readerTokenId, tenant_id: 'acme-corp', permissions: ['jobs:read'], platform_admin: false },
    });
    expect(await call('GET', '/api/v1/whoami', adminToken)).toEqual({
      status: 200,
      body: { token_id: expect.any(String), tenant_id: null, permissions: ['platform:admin'], platform_admin: true },
    });
    expect((await call('GET', '/api/v1/whoami')).status).toBe(401);
    expect((await call('GET', '/api/v1/whoami', 'strata_not-a-real-token')).status).toBe(401);
  });

  it('creates credentials of several kinds and never shows their secrets', async () => {
    const aws = await call('POST', '/api/v1/tenants/acme-corp/credentials', tenantAdminToken, {
      id: 'cred-aws-prod-abc123',
      kind: 'aws',
      name: 'AWS prod',
      secret: { access_key_id: AWS_KEY_ID, secret_access_key: AWS_SECRET },
    });
    expect(aws).toEqual({
      status: 201,
      body: {
        id: 'cred-aws-prod-abc123',
        tenant_id: 'acme-corp',
        kind: 'aws',
        name: 'AWS prod',
        secret: { access_key_id: '********', secret_access_key: '********' },
        created_at: expect.any(String),
      },
    });
    const kube = await call('POST', '/api/v1/tenants/acme-corp/credentials', tenantAdminToken, {
      kind: 'kubernetes',
      name: 'prod cluster',
      secret: { kubeconfig: Buffer.from(KUBECONFIG).toString('base64'), context: 'prod' },
    });
    expect(kube.status).toBe(201);
    expect(kube.body.id).toMatch(/^cred-[0-9a-f]{16}$/);
    expect(kube.body.secret).toEqual({ context: '********', kubeconfig: '********' });
    for (const request of [
      { id: 'gh', kind: 'github', name: 'GitHub org', secret: { token: GITHUB_TOKEN } },
      { id: 'gcp', kind: 'gcp', name: 'GCP project', secret: { service_account_json: GCP_KEY_JSON } },
      { id: 'demo', kind: 'demo', name: 'Demo estate' },
    ]) {
      expect((await call('POST', '/api/v1/tenants/acme-corp/credentials', tenantAdminToken, request)).status).toBe(201);
    }

    const list = await call('GET', '/api/v1/tenants/acme-corp/credentials', tenantAdminToken);
    expect(list.body.items.map((credential: { id: string; kind: string; secret: object }) => [credential.id, credential.kind, credential.secret])).toEqual([
      ['cred-aws-prod-abc123', 'aws', { access_key_id: '********', secret_access_key: '********' }],
      [kube.body.id, 'kubernetes', { context: '********', kubeconfig: '********' }],
      ['gh', 'github', { token: '********' }],
      ['gcp', 'gcp', { service_account_json: '********' }],
      ['demo', 'demo', {}],
    ]);
    expect(await call('GET', '/api/v1/tenants/acme-corp/credentials/gh', tenantAdminToken)).toMatchObject({ status: 200, body: { id: 'gh', secret: { token: '********' } } });
  });

  it('refuses bad credential requests and writes nothing', async () => {
    const before = await storedDocuments();
    const post = (body: object, tenant = 'acme-corp') => call('POST', `/api/v1/tenants/${tenant}/credentials`, tenantAdminToken, body);
    expect((await post({ kind: 'oracle', name: 'x', secret: {} })).body).toEqual({
      error: 'Invalid request body',
      code: 'validation_error',
      details: [{ path: 'kind', message: expect.stringContaining('aws') }],
    });
    expect((await post({ kind: 'aws', name: 'x', secret: { access_key_id: AWS_KEY_ID } })).body.details).toEqual([
      { path: 'secret.secret_access_key', message: 'required unless role_arn is given' },
    ]);
    const keysAndRole = await post({ kind: 'aws', name: 'x', secret: { access_key_id: AWS_KEY_ID, secret_access_key: 'wJalrXUtnFEMI/K7MDENG', role_arn: 'arn:aws:iam::123456789012:role/R' } });
    expect(keysAndRole).toEqual({
      status: 400,
      body: { error: 'Invalid request body', code: 'validation_error', details: [{ path: 'secret.role_arn', message: expect.stringMatching(/^not with access keys/) }] },
    });
    expect((await post({ kind: 'azure', name: 'x', secret: { tenant_id: 't', client_id: 'c' } })).body.details).toEqual([
      { path: 'secret.client_secret', message: expect.any(String) },
    ]);
    expect((await post({ kind: 'kubernetes', name: 'x', secret: { kubeconfig: 'not a kubeconfig' } })).body.details).toEqual([
      { path: 'secret.kubeconfig', message: expect.stringContaining('kubeconfig') },
    ]);
    expect((await post({ id: 'bad id!', kind: 'demo', name: 'x' })).body.details).toEqual([{ path: 'id', message: expect.any(String) }]);
    for (const name of ['Demo\u0000', 'Demo \ud83d']) {
      expect((await post({ kind: 'demo', name })).body.details).toEqual([{ path: 'name', message: expect.stringContaining('printable') }]);
    }
    expect(await post({ id: 'gh', kind: 'github', name: 'again', secret: { token: 'other-token-value' } })).toEqual({
      status: 409,
      body: { error: 'credential gh already exists', code: 'credential_exists' },
    });
    expect(await call('GET', '/api/v1/tenants/acme-corp/credentials/nope', tenantAdminToken)).toEqual({
      status: 404,
      body: { error: 'tenant acme-corp has no credential nope', code: 'credential_not_found' },
    });
    expect((await call('POST', '/api/v1/tenants/nowhere/credentials', adminToken, { kind: 'demo', name: 'x' })).body).toMatchObject({
      code: 'tenant_not_found',
    });
    expect(await storedDocuments()).toBe(before);
  });

  it('resolves decrypted secrets for workers, and summaries for the job API, per tenant', async () => {
    const resolver = app.get<CredentialResolver>(CREDENTIAL_RESOLVER);
    expect(await resolver.resolve('acme-corp', 'cred-aws-prod-abc123')).toEqual({
      id: 'cred-aws-prod-abc123',
      tenantId: 'acme-corp',
      kind: 'aws',
      secret: { access_key_id: AWS_KEY_ID, secret_access_key: AWS_SECRET },
    });
    const kubeId = (await call('GET', '/api/v1/tenants/acme-corp/credentials', tenantAdminToken)).body.items[1].id;
    expect((await resolver.resolve('acme-corp', kubeId))?.secret).toEqual({ kubeconfig: KUBECONFIG, context: 'prod' });
    expect(await resolver.resolve('globex', 'cred-aws-prod-abc123')).toBeUndefined();

    const catalog = app.get<CredentialCatalog>(CREDENTIAL_CATALOG);
    expect(await catalog.get('acme-corp', 'gh')).toEqual({ id: 'gh', kind: 'github', name: 'GitHub org' });
    expect(await catalog.get('globex', 'gh')).toBeUndefined();
  });

  it('stores secrets a job gave inline as a credential of the job, one per job and plugin, and refuses invalid ones', async () => {
    const catalog = app.get<CredentialCatalog>(CREDENTIAL_CATALOG);
    const inline = await catalog.createInline('acme-corp', { jobId: 'job-1', plugin: 'kubernetes', kind: 'kubernetes', secret: { kubeconfig: KUBECONFIG } });
    expect(inline).toEqual({ id: 'cred-job-1-kubernetes', kind: 'kubernetes', name: 'kubernetes secret given inline to job-1' });
    const resolved = await app.get<CredentialResolver>(CREDENTIAL_RESOLVER).resolve('acme-corp', inline.id);
    expect(resolved?.secret).toEqual({ kubeconfig: KUBECONFIG });
    // A retried request of the same job gets the same credential, not a second copy.
    const again = await catalog.createInline('acme-corp', { jobId: 'job-1', plugin: 'kubernetes', kind: 'kubernetes', secret: { kubeconfig: KUBECONFIG, context: 'other' } });
    expect(again).toEqual(inline);
    expect((await app.get<CredentialResolver>(CREDENTIAL_RESOLVER).resolve('acme-corp', inline.id))?.secret).toEqual({ kubeconfig: KUBECONFIG });
    const shown = await call('GET', `/api/v1/tenants/acme-corp/credentials/${inline.id}`, tenantAdminToken);
    expect(shown.body).toMatchObject({ id: inline.id, job_id: 'job-1', secret: { kubeconfig: '********' } });
    await expect(catalog.createInline('acme-corp', { jobId: 'job-2', plugin: 'kubernetes', kind: 'kubernetes', secret: { token: 'y' } })).rejects.toMatchObject({
      code: 'invalid_inline_credential',
    });
  });

  it("deletes a job's inline credentials and nothing else", async () => {
    const credentials = app.get(CredentialsService);
    const catalog = app.get<CredentialCatalog>(CREDENTIAL_CATALOG);
    await catalog.createInline('acme-corp', { jobId: 'job-3', plugin: 'kubernetes', kind: 'kubernetes', secret: { kubeconfig: KUBECONFIG } });
    const listed = async () => (await call('GET', '/api/v1/tenants/acme-corp/credentials?limit=200', tenantAdminToken)).body.items.map((item: { id: string }) => item.id);
    const before = await listed();
    expect(before).toEqual(expect.arrayContaining(['cred-job-1-kubernetes', 'cred-job-3-kubernetes', 'cred-aws-prod-abc123']));
    await expect(credentials.deleteOfJob('globex', 'job-1')).resolves.toBe(0);
    await expect(credentials.deleteOfJob('acme-corp', 'job-1')).resolves.toBe(1);
    await expect(credentials.deleteOfJob('acme-corp', 'job-1')).resolves.toBe(0);
    expect(await listed()).toEqual(before.filter((id: string) => id !== 'cred-job-1-kubernetes'));
    await credentials.deleteOfJob('acme-corp', 'job-3');
  });

  it('keeps only ciphertext in the SQLite files', async () => {
    const files = (await readdir(dir.path)).filter((name) => name.startsWith('strata.db'));
    const bytes = Buffer.concat(await Promise.all(files.map((name) => readFile(join(dir.path, name)))));
    expect(bytes.includes('cred-aws-prod-abc123')).toBe(true); // the records are there...
    for (const secret of [...SECRETS, ...issuedTokens]) expect({ secret, stored: bytes.includes(secret) }).toEqual({ secret, stored: false });
  });

  it('fails with a clear error when the key is not the one the secrets were sealed with', async () => {
    const otherKey = SecretKey.generate();
    const vault = credentialResolverFor({ readStore, secretKey: otherKey });
    const attempt = vault.resolve('acme-corp', 'cred-aws-prod-abc123');
    await expect(attempt).rejects.toThrow(SecretKeyMismatchError);
    await expect(attempt).rejects.toThrow(`encrypted with key ${secretKey.id}, but the configured key is ${otherKey.id}`);
  });

  it('revokes tokens: a revoked token is refused like a garbage one', async () => {
    expect(await call('DELETE', `/api/v1/tenants/acme-corp/tokens/${readerTokenId}`, tenantAdminToken)).toEqual({ status: 204, body: undefined });
    expect(await call('GET', '/api/v1/tenants/acme-corp', readerToken)).toEqual({
      status: 401,
      body: { error: 'Missing or invalid bearer token', code: 'unauthorized' },
    });
    expect((await call('DELETE', `/api/v1/tenants/acme-corp/tokens/${readerTokenId}`, tenantAdminToken)).status).toBe(204);
    expect((await call('DELETE', '/api/v1/tenants/acme-corp/tokens/tok-unknown', tenantAdminToken)).body).toMatchObject({ code: 'token_not_found' });
    const listed = await call('GET', '/api/v1/tenants/acme-corp/tokens', tenantAdminToken);
    expect(listed.body.items.find((token: { id: string }) => token.id === readerTokenId).revoked_at).toEqual(expect.any(String));
  });

  it('deletes credentials', async () => {
    expect(await call('DELETE', '/api/v1/tenants/acme-corp/credentials/gh', tenantAdminToken)).toEqual({ status: 204, body: undefined });
    expect((await call('GET', '/api/v1/tenants/acme-corp/credentials/gh', tenantAdminToken)).status).toBe(404);
    expect((await call('DELETE', '/api/v1/tenants/acme-corp/credentials/gh', tenantAdminToken)).status).toBe(404);
    expect(await app.get<CredentialResolver>(CREDENTIAL_RESOLVER).resolve('acme-corp', 'gh')).toBeUndefined();
    expect(await app.get<CredentialCatalog>(CREDENTIAL_CATALOG).get('acme-corp', 'gh')).toBeUndefined();
  });

  it('documents every tenancy route in the OpenAPI document', async () => {
    const { body: document } = await call('GET', '/api/v1/openapi.json');
    expect(openApiProblems(document)).toEqual([]);
    const operations = Object.entries(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => `${method.toUpperCase()} ${path} ${operation.operationId}`),
    );
    expect(operations.sort()).toEqual([
      'DELETE /api/v1/tenants/{tenantID}/credentials/{credentialID} deleteCredential',
      'DELETE /api/v1/tenants/{tenantID}/tokens/{tokenID} revokeToken',
      // Every app's meta routes (platform-http).
      'GET /api/v1/meta/capabilities getCapabilities',
      'GET /api/v1/meta/compatibility getCompatibility',
      'GET /api/v1/meta/error-model getErrorModel',
      'GET /api/v1/tenants listTenants',
      'GET /api/v1/tenants/{tenantID} getTenant',
      'GET /api/v1/tenants/{tenantID}/credentials listCredentials',
      'GET /api/v1/tenants/{tenantID}/credentials/{credentialID} getCredential',
      'GET /api/v1/tenants/{tenantID}/credentials/{credentialID}/contexts listCredentialContexts',
      'GET /api/v1/tenants/{tenantID}/settings/general getGeneralSettings',
      'GET /api/v1/tenants/{tenantID}/settings/scan-policy getScanPolicy',
      'GET /api/v1/tenants/{tenantID}/tokens listTokens',
      'GET /api/v1/whoami whoami',
      'GET /status getStatus',
      'PATCH /api/v1/tenants/{tenantID} updateTenant',
      'PATCH /api/v1/tenants/{tenantID}/settings/general updateGeneralSettings',
      'PATCH /api/v1/tenants/{tenantID}/settings/scan-policy updateScanPolicy',
      'POST /api/v1/tenants createTenant',
      'POST /api/v1/tenants/{tenantID}/credentials createCredential',
      'POST /api/v1/tenants/{tenantID}/tokens createToken',
    ].sort());
    const createCredential = document.paths['/api/v1/tenants/{tenantID}/credentials'].post;
    expect(createCredential['x-required-permissions']).toEqual(['credentials:write']);
    expect(document.components.schemas.CreateCredentialRequest).toMatchObject({
      oneOf: expect.arrayContaining([expect.objectContaining({ properties: expect.objectContaining({ kind: { type: 'string', const: 'aws' } }) })]),
    });
    // A key pair or a role, exactly one: both at once match both branches, which oneOf refuses.
    expect(document.components.schemas.AwsCredentialSecret).toMatchObject({
      oneOf: [{ required: ['access_key_id', 'secret_access_key'] }, { required: ['role_arn'] }],
      dependentRequired: { session_token: ['access_key_id', 'secret_access_key'], external_id: ['role_arn'] },
    });
  });

  it('never put a secret or token in a response body or a log line', () => {
    const logs = logLines.join('\n');
    const responses = bodies.join('\n');
    for (const secret of [...SECRETS, adminToken, ...issuedTokens.slice(1)]) {
      expect({ secret, inLogs: logs.includes(secret) }).toEqual({ secret, inLogs: false });
    }
    for (const secret of SECRETS) expect({ secret, inResponses: responses.includes(secret) }).toEqual({ secret, inResponses: false });
    expect(logLines.length).toBeGreaterThan(10);
  });
});
