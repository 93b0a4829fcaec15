import type { TenantsService } from '../tenants/tenants.service';
import type { ApiTokenStore } from './api-token-store';
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
