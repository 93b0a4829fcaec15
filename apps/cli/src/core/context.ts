import type { Command } from 'commander';
import { ApiClient } from './api-client';
import { configPath, profileName, readConfig, type ConfigFile, type Profile } from './config';
import { AuthError, CliError } from './errors';
import type { CliIo } from './io';
import { render, type OutputFormat, type RenderOptions } from './output';
import { resolveTenant } from './tenant';

/** The options every command takes (declared on the root command). */
export interface GlobalOptions {
  profile?: string;
  tenant?: string;
  output: OutputFormat;
  quiet?: boolean;
}

/** What a command runs with: where the API is, the token, the tenant, and how to print. */
export class Session {
  private tenantId: Promise<string> | undefined;

  constructor(
    readonly io: CliIo,
    readonly options: GlobalOptions,
    readonly client: ApiClient,
    readonly profile: Partial<Profile>,
  ) {}

  /** `--tenant`, `STRATA_TENANT`, the profile's, then the token's own when it has exactly one. */
  tenant(): Promise<string> {
    this.tenantId ??= resolveTenant({
      flag: this.options.tenant,
      env: this.io.env['STRATA_TENANT'],
      profile: this.profile.tenant,
      tokenTenants: () => tokenTenants(this.client),
    });
    return this.tenantId;
  }

  /** `/api/v1/tenants/<tenant>` + `rest`. */
  async tenantPath(rest: string): Promise<string> {
    return `api/v1/tenants/${encodeURIComponent(await this.tenant())}${rest}`;
  }

  print(data: unknown, options: Omit<RenderOptions, 'format' | 'quiet'> = {}): void {
    this.io.stdout.write(render(data, { ...options, format: this.options.output, quiet: this.options.quiet ?? false }));
  }

  /** For people only: notes that would spoil json, yaml or ids-only output go to stderr. */
  note(text: string): void {
    (this.machineOutput ? this.io.stderr : this.io.stdout).write(`${text}\n`);
  }

  get machineOutput(): boolean {
    return this.options.output !== 'table' || this.options.quiet === true;
  }
}

/** Builds sessions for commands; one per CLI run. */
export class CliContext {
  constructor(readonly io: CliIo) {}

  configPath(): string {
    return configPath(this.io.env);
  }

  readConfig(): ConfigFile {
    return readConfig(this.configPath());
  }

  /** The session of a command, from its options and its parents' (the global ones). */
  session(command: Command, needsToken = true): Session {
    const options = command.optsWithGlobals<GlobalOptions>();
    // STRATA_URL (and STRATA_TOKEN) work without a config file (and without a home, as in CI).
    const config = this.io.env['STRATA_URL'] && !this.io.env['HOME'] && !this.io.env['XDG_CONFIG_HOME'] ? { profiles: {} } : this.readConfig();
    const name = profileName(options.profile, this.io.env, config);
    const stored = config.profiles[name];
    if (options.profile && !stored && !this.io.env['STRATA_URL']) throw new CliError(`No profile "${options.profile}" in ${this.configPath()}: run strata login --profile ${options.profile} --url URL`, 2);
    const url = this.io.env['STRATA_URL'] || stored?.url;
    const token = this.io.env['STRATA_TOKEN'] || stored?.token;
    if (!url) throw new AuthError('Not logged in: run `strata login --url URL` (or set STRATA_URL and STRATA_TOKEN)');
    if (needsToken && !token) throw new AuthError(`No token for ${url}: run \`strata login --url ${url}\` (or set STRATA_TOKEN)`);
    return new Session(this.io, options, new ApiClient(url, token), { ...stored, url, ...(token ? { token } : {}) });
  }
}

/**
 * The tenants a token can act in: a tenant's token, its own (`GET /api/v1/whoami`); a
 * platform-wide token, the tenants it may list (`GET /api/v1/tenants`, one page of two is enough
 * to tell "exactly one"); undefined when neither says.
 */
export async function tokenTenants(client: ApiClient): Promise<readonly string[] | undefined> {
  const whoami = await client.request<{ tenant_id?: string | null }>('GET', 'api/v1/whoami');
  if (typeof whoami.body?.tenant_id === 'string') return [whoami.body.tenant_id];
  const answer = await client.request<{ items?: Array<{ id: string }>; next_cursor?: string }>('GET', 'api/v1/tenants', { query: { limit: 2 }, accept: [403] });
  if (answer.status === 403 || !Array.isArray(answer.body?.items)) return undefined;
  const ids = answer.body.items.map((tenant) => tenant.id);
  return answer.body.next_cursor ? [...ids, '...'] : ids;
}
