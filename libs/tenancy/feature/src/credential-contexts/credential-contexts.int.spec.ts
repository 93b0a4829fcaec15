import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@strata/platform-http';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { loadSecretKey } from '@strata/platform-secrets';
import { makeTempDir, type TempDir } from '@strata/testing';
import { ensureBootstrapToken } from '../bootstrap/ensure-bootstrap-token';
import { TenancyModule } from '../tenancy.module';

const TOKEN = 'kube-token-CANARY-9f8e7d';
const CLIENT_KEY = Buffer.from('-----BEGIN PRIVATE KEY-----\nCANARY-KEY\n-----END PRIVATE KEY-----\n').toString('base64');
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: prod-cluster
  cluster: {server: "https://10.0.0.1:6443", certificate-authority-data: Q0E=}
- name: dev-cluster
  cluster: {server: "https://10.0.0.2:6443"}
users:
- name: admin
  user: {token: ${TOKEN}}
- name: ci
  user: {client-certificate-data: Q0VSVA==, client-key-data: ${CLIENT_KEY}}
- name: sso
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1, command: aws-iam-authenticator, args: [token, -i, prod]}
contexts:
- name: prod
  context: {cluster: prod-cluster, user: admin, namespace: payments}
- name: dev
  context: {cluster: dev-cluster, user: ci}
- name: prod-sso
  context: {cluster: prod-cluster, user: sso}
current-context: dev
`;

describe('GET /credentials/{id}/contexts', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let app: NestFastifyApplication;
  let admin: string;
  const logLines: string[] = [];
  const bodies: string[] = [];

  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, token = admin) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(body !== undefined ? { payload: body as object } : {}) });
    bodies.push(response.body);
    return { status: response.statusCode, body: JSON.parse(response.body) as Record<string, unknown> };
  };
  const contexts = (tenant: string, id: string, token = admin) => call('GET', `/api/v1/tenants/${tenant}/credentials/${id}/contexts`, undefined, token);

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = await openSqliteReadStore(join(dir.path, 'strata.db'));
    const secretKey = (await loadSecretKey({ env: {}, dataDir: dir.path })).key;
    const logger = createLogger({ name: 'contexts-test', destination: { write: (line: string) => void logLines.push(line) } });
    @Module({ imports: [TenancyModule.forRoot({ readStore, secretKey })] })
    class RootModule {}
    app = await createHttpApp(RootModule, { logger });
    await app.init();
    const boot = await ensureBootstrapToken({ readStore, env: {} });
    if (boot.status !== 'generated') throw new Error('expected a generated token');
    admin = boot.token;
    for (const id of ['acme', 'globex']) expect((await call('POST', '/api/v1/tenants', { id, name: id })).status).toBe(201);
    const create = (tenant: string, body: unknown) => call('POST', `/api/v1/tenants/${tenant}/credentials`, body);
    expect((await create('acme', { id: 'cred-kube', kind: 'kubernetes', name: 'k', secret: { kubeconfig: KUBECONFIG } })).status).toBe(201);
    expect((await create('acme', { id: 'cred-kube-b64', kind: 'kubernetes', name: 'k', secret: { kubeconfig: Buffer.from(KUBECONFIG).toString('base64'), context: 'prod' } })).status).toBe(201);
    expect((await create('acme', { id: 'cred-token', kind: 'kubernetes', name: 't', secret: { server: 'https://10.0.0.1:6443', token: TOKEN } })).status).toBe(201);
    expect((await create('acme', { id: 'cred-aws', kind: 'aws', name: 'a', secret: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await readStore?.close();
    await dir?.remove();
  });

  it("lists the kubeconfig's contexts, names only, the current one marked, and which discovery refuses", async () => {
    const { status, body } = await contexts('acme', 'cred-kube');
    expect(status).toBe(200);
    expect(body).toEqual({
      credential_id: 'cred-kube',
      current_context: 'dev',
      items: [
        { name: 'prod', cluster: 'prod-cluster', user: 'admin', namespace: 'payments', current: false, supported: true, unsupported_reason: null },
        { name: 'dev', cluster: 'dev-cluster', user: 'ci', namespace: null, current: true, supported: true, unsupported_reason: null },
        { name: 'prod-sso', cluster: 'prod-cluster', user: 'sso', namespace: null, current: false, supported: false, unsupported_reason: expect.stringMatching(/exec credential plugin/) },
      ],
    });
  });

  it("answers seed 001's cursor envelope when asked: one page, or keyset pages of limit to the end; a bad cursor is a 400", async () => {
    const url = '/api/v1/tenants/acme/credentials/cred-kube/contexts';
    const whole = await call('GET', `${url}?envelope=true`);
    expect(whole).toMatchObject({ status: 200, body: { items: [{ name: 'prod' }, { name: 'dev' }, { name: 'prod-sso' }], page: { limit: 3, next_cursor: null, has_more: false } } });
    expect(Object.keys(whole.body).sort()).toEqual(['items', 'page']);
    const first = await call('GET', `${url}?envelope=true&limit=2`);
    expect(first.body).toMatchObject({ items: [{ name: 'prod' }, { name: 'dev' }], page: { limit: 2, has_more: true, next_cursor: expect.any(String) } });
    const cursor = encodeURIComponent(String((first.body['page'] as Record<string, unknown>)['next_cursor']));
    expect((await call('GET', `${url}?limit=2&cursor=${cursor}`)).body).toMatchObject({ items: [{ name: 'prod-sso' }], page: { next_cursor: null, has_more: false } });
    expect(await call('GET', `${url}?envelope=true&cursor=bm9wZQ`)).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect((await call('GET', `${url}?envelope=false`)).body).toMatchObject({ credential_id: 'cred-kube', current_context: 'dev' });
  });

  it("marks the credential's own context current (a base64 kubeconfig reads the same)", async () => {
    const { body } = await contexts('acme', 'cred-kube-b64');
    expect(body['current_context']).toBe('prod');
    expect((body['items'] as { name: string; current: boolean }[]).filter((c) => c.current).map((c) => c.name)).toEqual(['prod']);
  });

  it('refuses other kinds and server + token credentials with 400, unknown and other tenants\' ids with 404', async () => {
    expect(await contexts('acme', 'cred-aws')).toMatchObject({ status: 400, body: { code: 'not_a_kubernetes_credential', error: expect.stringMatching(/kind aws/) } });
    expect(await contexts('acme', 'cred-token')).toMatchObject({ status: 400, body: { code: 'not_a_kubeconfig_credential' } });
    expect(await contexts('acme', 'cred-nope')).toMatchObject({ status: 404, body: { code: 'credential_not_found' } });
    expect(await contexts('globex', 'cred-kube')).toMatchObject({ status: 404, body: { code: 'credential_not_found' } });
    expect((await contexts('acme', 'bad id!')).status).toBe(400);
  });

  it('needs credentials:read', async () => {
    const token = String((await call('POST', '/api/v1/tenants/acme/tokens', { name: 'jobs', permissions: ['jobs:read'] })).body['token']);
    expect((await contexts('acme', 'cred-kube', token)).status).toBe(403);
  });

  it('never returns or logs a secret', () => {
    for (const text of [...bodies, ...logLines]) {
      expect(text).not.toContain('CANARY');
      expect(text).not.toContain(CLIENT_KEY);
      expect(text).not.toContain('aws-iam-authenticator');
    }
  });
});
