import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHttpApp } from '@strata/platform-http';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { loadSecretKey } from '@strata/platform-secrets';
import { makeTempDir, waitFor, type TempDir } from '@strata/testing';
import { ensureBootstrapToken } from '../bootstrap/ensure-bootstrap-token';
import { TenancyModule } from '../tenancy.module';
import { ACTIVE_TOKEN_TTL_MS } from './active-token-cache';

/**
 * Two apps on one data file, as two gateway processes would be: each caches the tokens it has
 * found live, and a revocation made through one must be obeyed by the other within a second.
 */
describe('token revocation across apps sharing a data file', () => {
  let dir: TempDir;
  const stores: ReadStore[] = [];
  const apps: NestFastifyApplication[] = [];
  let adminToken: string;

  async function startApp(path: string): Promise<NestFastifyApplication> {
    const readStore = await openSqliteReadStore(path);
    stores.push(readStore);
    const secretKey = (await loadSecretKey({ env: {}, dataDir: dir.path })).key;
    @Module({ imports: [TenancyModule.forRoot({ readStore, secretKey })] })
    class RootModule {}
    const app = await createHttpApp(RootModule, { logger: createLogger({ name: 'token-revocation-test', level: 'warn' }), docs: false });
    await app.init();
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    dir = await makeTempDir();
    const path = join(dir.path, 'strata.db');
    await startApp(path);
    await startApp(path);
    const outcome = await ensureBootstrapToken({ readStore: stores[0]!, env: {}, log: () => undefined });
    if (outcome.status !== 'generated') throw new Error(`expected a generated token, got ${outcome.status}`);
    adminToken = outcome.token;
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await dir.remove();
  });

  const call = async (app: NestFastifyApplication, method: 'GET' | 'POST' | 'DELETE', url: string, token: string, payload?: object) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : undefined };
  };

  it('a token revoked through one app is refused by the other within a second, and by the first at once', async () => {
    const [a, b] = apps as [NestFastifyApplication, NestFastifyApplication];
    expect((await call(a, 'POST', '/api/v1/tenants', adminToken, { id: 'acme', name: 'Acme' })).status).toBe(201);
    const issued = await call(a, 'POST', '/api/v1/tenants/acme/tokens', adminToken, { name: 'ci', permissions: ['jobs:read'] });
    expect(issued.status).toBe(201);
    const token = String(issued.body!['token']);

    // Both apps have now found the token live (and may serve it from their caches).
    for (const app of apps) expect(await call(app, 'GET', '/api/v1/whoami', token)).toMatchObject({ status: 200, body: { tenant_id: 'acme' } });

    expect((await call(a, 'DELETE', `/api/v1/tenants/acme/tokens/${String(issued.body!['id'])}`, adminToken)).status).toBe(204);
    const revokedAt = performance.now();
    expect((await call(a, 'GET', '/api/v1/whoami', token)).status).toBe(401);

    await waitFor(async () => (await call(b, 'GET', '/api/v1/whoami', token)).status === 401 || undefined, {
      timeoutMs: 5000,
      intervalMs: 10,
      message: 'the other app to refuse the revoked token',
    });
    // The TTL, plus one poll's worth of slack for a loaded machine.
    expect(performance.now() - revokedAt).toBeLessThan(ACTIVE_TOKEN_TTL_MS + 250);
    expect((await call(b, 'GET', '/api/v1/whoami', token)).status).toBe(401);
    // The other tokens are untouched.
    expect((await call(b, 'GET', '/api/v1/whoami', adminToken)).status).toBe(200);
  });

  it('made-up tokens are refused every time and never cached', async () => {
    const b = apps[1]!;
    for (let i = 0; i < 50; i++) expect((await call(b, 'GET', '/api/v1/whoami', `strata_made-up-${i}`)).status).toBe(401);
    expect((await call(b, 'GET', '/api/v1/whoami', adminToken)).status).toBe(200);
  });
});
