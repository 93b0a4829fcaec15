import type { StrataRest } from '../rest/strata-rest';
import { restError } from './tool-result';

/** Why a tool could not tell which tenant to act in; said to the agent as a tool error. */
export class TenantUnknownError extends Error {}

interface Whoami {
  tenant_id?: string | null;
}

/**
 * The tenant a tool acts in when its `tenant` argument is left out: the token's own tenant
 * (`GET /api/v1/whoami`), or for a platform-wide token the only tenant there is. Asked once per
 * server (a server serves one token).
 */
export class DefaultTenant {
  private answer: Promise<string> | undefined;

  constructor(
    private readonly rest: StrataRest,
    private readonly configured?: string,
  ) {}

  of(argument: string | undefined): Promise<string> {
    if (argument !== undefined) return Promise.resolve(argument);
    if (this.configured !== undefined) return Promise.resolve(this.configured);
    this.answer ??= this.lookUp();
    // A failure is not remembered: the next call asks again.
    return this.answer.catch((error: unknown) => {
      this.answer = undefined;
      throw error;
    });
  }

  private async lookUp(): Promise<string> {
    const whoami = await this.rest.send({ method: 'GET', path: '/api/v1/whoami' });
    if (whoami.status !== 200) throw new TenantUnknownError(`Cannot tell this token's tenant: ${(restError(whoami).content[0] as { text: string }).text}`);
    const own = (whoami.body as Whoami).tenant_id;
    if (typeof own === 'string') return own;
    const tenants = await this.rest.send({ method: 'GET', path: '/api/v1/tenants', query: { limit: 2 } });
    const items = tenants.status === 200 ? ((tenants.body as { items?: { id?: unknown }[] }).items ?? []) : [];
    if (items.length === 1 && typeof items[0]!.id === 'string') return items[0]!.id;
    throw new TenantUnknownError('This token may act in any tenant: pass `tenant` (a tenant id) to say which');
  }
}
