import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import type { TenantsService } from '../tenants/tenants.service';
import { ApiTokenStore } from './api-token-store';
import { TokenPrincipalResolver } from './token-principal-resolver';

describe('TokenPrincipalResolver.isUnknownTenant', () => {
  const existing = new Set(['acme-corp']);
  const reads: string[] = [];
  const tenants = {
    get: async (id: string) => {
      reads.push(id);
      return existing.has(id) ? { id, name: id, created_at: '2026-12-03T00:00:00.000Z', max_nodes: null } : undefined;
    },
  } as unknown as TenantsService;
  const resolver = new TokenPrincipalResolver({} as ApiTokenStore, tenants);

  beforeEach(() => (reads.length = 0));

  it('is true for a well-formed id no tenant has, asking again each time (it may be created meanwhile)', async () => {
    expect(await resolver.isUnknownTenant('ghost')).toBe(true);
    existing.add('ghost');
    expect(await resolver.isUnknownTenant('ghost')).toBe(false);
    expect(reads).toEqual(['ghost', 'ghost']);
  });

  it('remembers a tenant it found: later requests read nothing', async () => {
    expect(await resolver.isUnknownTenant('acme-corp')).toBe(false);
    expect(await resolver.isUnknownTenant('acme-corp')).toBe(false);
    expect(reads).toEqual(['acme-corp']);
  });

  it('leaves a malformed id to the route validation (not unknown, nothing read)', async () => {
    expect(await resolver.isUnknownTenant('NOPE!')).toBe(false);
    expect(reads).toEqual([]);
  });
});

describe('TokenPrincipalResolver.resolve', () => {
  let readStore: ReadStore;
  let store: ApiTokenStore;
  let resolver: TokenPrincipalResolver;
  beforeEach(() => {
    readStore = openSqliteReadStore(':memory:');
    store = new ApiTokenStore({ readStore, clock: () => new Date('2026-12-05T00:00:00.000Z') });
    resolver = new TokenPrincipalResolver(store, {} as TenantsService);
  });
  afterEach(() => readStore.close());

  it('reads a token once, then answers at once with the same principal while the token is cached', async () => {
    const record = await store.insert('strata_reader', { tenantId: 'acme-corp', name: 'ci', permissions: ['jobs:read'] });
    const first = resolver.resolve('strata_reader');
    expect(first).toBeInstanceOf(Promise);
    const principal = await first;
    expect(principal).toEqual({ tokenId: record.id, tenantId: 'acme-corp', permissions: new Set(['jobs:read']), platformAdmin: false });
    const again = resolver.resolve('strata_reader');
    expect(again).not.toBeInstanceOf(Promise);
    expect(again).toBe(principal);
  });

  it('stops answering for a token once it is revoked, and never for an unknown one', async () => {
    const record = await store.insert('strata_admin', { tenantId: null, name: 'root', permissions: ['platform:admin'] });
    expect(await resolver.resolve('strata_admin')).toMatchObject({ tokenId: record.id, platformAdmin: true });
    await store.revoke(record);
    await expect(resolver.resolve('strata_admin')).resolves.toBeUndefined();
    await expect(resolver.resolve('strata_nobody')).resolves.toBeUndefined();
  });
});
