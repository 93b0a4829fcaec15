import { CliError } from './errors';

/** Where the tenant of a command may come from, first found wins. */
export interface TenantSources {
  flag?: string | undefined;
  env?: string | undefined;
  profile?: string | undefined;
  /** Asked last, only when nothing above names one: the tenants the token can act in. */
  tokenTenants: () => Promise<readonly string[] | undefined>;
}

/**
 * `--tenant`, then `STRATA_TENANT`, then the profile's tenant, then the token's own tenant when
 * it has exactly one.
 */
export async function resolveTenant(sources: TenantSources): Promise<string> {
  for (const candidate of [sources.flag, sources.env, sources.profile]) if (candidate) return candidate;
  const tenants = await sources.tokenTenants();
  if (tenants && tenants.length === 1) return tenants[0]!;
  const why =
    tenants === undefined
      ? 'the API does not tell which tenant this token belongs to'
      : tenants.length === 0
        ? 'the token has no tenant'
        : `the token can act in ${tenants.length} tenants (${tenants.slice(0, 5).join(', ')}${tenants.length > 5 ? ', ...' : ''})`;
  throw new CliError(`Which tenant? ${why}: pass --tenant, set STRATA_TENANT, or log in with --tenant`, 2);
}
