import { join } from 'node:path';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { makeTempDir, type TempDir } from '@strata/testing';
import { TenantsService } from '../tenants/tenants.service';
import { ApiTokenStore } from '../tokens/api-token-store';
import { TokenPrincipalResolver } from '../tokens/token-principal-resolver';
import { BootstrapTokenError, ensureBootstrapToken } from './ensure-bootstrap-token';

describe('ensureBootstrapToken', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let tokens: ApiTokenStore;
  let principals: TokenPrincipalResolver;
  const log: string[] = [];

  beforeEach(async () => {
    dir = await makeTempDir();
    readStore = await openSqliteReadStore(join(dir.path, 'strata.db'));
    tokens = new ApiTokenStore({ readStore, clock: () => new Date() });
    const clock = () => new Date();
    principals = new TokenPrincipalResolver(tokens, new TenantsService({ readStore, clock, secretKey: undefined as never }));
    log.length = 0;
  });
  afterEach(async () => {
    await readStore.close();
    await dir.remove();
  });

  const ensure = (env: NodeJS.ProcessEnv) => ensureBootstrapToken({ readStore, env, log: (line) => log.push(line) });

  it('generates a platform-admin token on the first start only, and never logs it', async () => {
    const first = await ensure({});
    if (first.status !== 'generated') throw new Error(`expected generated, got ${first.status}`);
    expect(first.print).toContain(first.token);
    expect(await principals.resolve(first.token)).toEqual({
      tokenId: first.tokenId,
      tenantId: null,
      permissions: new Set(['platform:admin']),
      platformAdmin: true,
    });
    expect(await ensure({})).toEqual({ status: 'already-bootstrapped' });
    expect(log.join('\n')).not.toContain(first.token);
  });

  it('registers STRATA_BOOTSTRAP_TOKEN once, and does not bring it back after revocation', async () => {
    const env = { STRATA_BOOTSTRAP_TOKEN: 'automation-bootstrap-0123456789' };
    const first = await ensure(env);
    expect(first).toEqual({ status: 'registered-from-env', tokenId: expect.stringMatching(/^tok-/) });
    expect((await principals.resolve(env.STRATA_BOOTSTRAP_TOKEN))?.platformAdmin).toBe(true);
    expect(await ensure(env)).toEqual({ status: 'already-bootstrapped' });

    await tokens.revoke((await tokens.get(null, (first as { tokenId: string }).tokenId))!);
    expect(await principals.resolve(env.STRATA_BOOTSTRAP_TOKEN)).toBeUndefined();
    expect(await ensure(env)).toEqual({ status: 'already-bootstrapped' });
    expect(await principals.resolve(env.STRATA_BOOTSTRAP_TOKEN)).toBeUndefined();
    expect(log.join('\n')).not.toContain(env.STRATA_BOOTSTRAP_TOKEN);
  });

  it('generates nothing once STRATA_BOOTSTRAP_TOKEN has been used', async () => {
    await ensure({ STRATA_BOOTSTRAP_TOKEN: 'automation-bootstrap-0123456789' });
    expect(await ensure({})).toEqual({ status: 'already-bootstrapped' });
  });

  it.each([
    ['too short', 'short'],
    ['with spaces', 'this has some spaces in it'],
  ])('refuses a STRATA_BOOTSTRAP_TOKEN %s without repeating it', async (_case, value) => {
    const attempt = ensure({ STRATA_BOOTSTRAP_TOKEN: value });
    await expect(attempt).rejects.toThrow(BootstrapTokenError);
    await expect(attempt).rejects.not.toThrow(value);
  });
});
