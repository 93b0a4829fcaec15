import { CliError } from './errors';
import { resolveTenant } from './tenant';

describe('tenant resolution: --tenant, STRATA_TENANT, the profile, then the token\'s own', () => {
  const never = async () => {
    throw new Error('the token was asked although a tenant was named');
  };

  it('takes the flag first', async () => {
    expect(await resolveTenant({ flag: 'flag', env: 'env', profile: 'profile', tokenTenants: never })).toBe('flag');
  });

  it('then STRATA_TENANT', async () => {
    expect(await resolveTenant({ env: 'env', profile: 'profile', tokenTenants: never })).toBe('env');
  });

  it('then the profile', async () => {
    expect(await resolveTenant({ env: '', profile: 'profile', tokenTenants: never })).toBe('profile');
  });

  it("then the token's tenant when it has exactly one", async () => {
    expect(await resolveTenant({ tokenTenants: async () => ['acme'] })).toBe('acme');
  });

  it.each([
    ['several', ['a', 'b'], /can act in 2 tenants \(a, b\)/],
    ['none', [], /has no tenant/],
    ['unknown (no route tells)', undefined, /does not tell which tenant/],
  ])('is a usage error (exit 2) naming the ways to say it when the token has %s', async (_what, tenants, message) => {
    const failure = resolveTenant({ tokenTenants: async () => tenants }).catch((error: unknown) => error);
    const error = (await failure) as CliError;
    expect(error).toBeInstanceOf(CliError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('--tenant');
    expect(error.message).toContain('STRATA_TENANT');
  });
});
