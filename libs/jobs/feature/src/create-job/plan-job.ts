import type { ConfigIssue, CreateJobRequest, PluginCatalog } from '@strata/contracts';

export const REDACTED = '[redacted]';

export interface JobPlan {
  /** Each plugin's own validated configuration, secrets removed. */
  pluginConfigs: Record<string, Record<string, unknown>>;
  /** Secrets given inline per plugin, to be stored as ephemeral credentials. */
  inlineSecrets: Record<string, Record<string, string>>;
  /** The configuration as submitted, with every inline secret replaced by a marker. */
  redactedConfig: Record<string, unknown>;
}

export type PlanResult = { ok: true; plan: JobPlan } | { ok: false; issues: ConfigIssue[] };

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The seed accepts a flat `config` for a single-plugin job and `{ "<plugin>": {...} }` for
 * several. Keyed form is recognised when every key names one of the job's plugins and holds an
 * object; a flat config for several plugins is ambiguous and refused.
 */
interface SplitConfig {
  perPlugin: Record<string, Record<string, unknown>>;
  keyed: boolean;
}

function splitConfig(plugins: readonly string[], config: Record<string, unknown>): SplitConfig | ConfigIssue {
  const keys = Object.keys(config);
  if (keys.length > 0 && keys.every((key) => plugins.includes(key) && isPlainObject(config[key]))) {
    return { keyed: true, perPlugin: Object.fromEntries(plugins.map((plugin) => [plugin, (config[plugin] as Record<string, unknown> | undefined) ?? {}])) };
  }
  if (plugins.length === 1) return { keyed: false, perPlugin: { [plugins[0]!]: config } };
  if (keys.length === 0) return { keyed: true, perPlugin: Object.fromEntries(plugins.map((plugin) => [plugin, {}])) };
  return { path: 'config', message: `a job with several plugins takes its config keyed by plugin id: {"${plugins[0]}": {...}, ...}` };
}

/**
 * Checks a create-job request against the plugin catalog and turns it into what the job records:
 * per-plugin configs (validated, defaults filled), inline secrets set apart, and a redacted echo.
 * Credential checks need storage and happen in the caller. `defaults` (the tenant's settings as
 * plugin config, e.g. its scan policy's look-back) go under what the request sets, before the
 * plugin's own defaults; the redacted echo shows the request as sent.
 */
export function planJob(
  request: Pick<CreateJobRequest, 'plugins' | 'config'>,
  catalog: PluginCatalog,
  defaults: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
): PlanResult {
  const issues: ConfigIssue[] = [];
  request.plugins.forEach((id, index) => {
    const info = catalog.get(id);
    if (!info) issues.push({ path: `plugins.${index}`, message: `unknown plugin "${id}" (see GET /api/v1/plugins)` });
    else if (!info.available) issues.push({ path: `plugins.${index}`, message: `plugin "${id}" is not available in this build` });
  });
  if (new Set(request.plugins).size !== request.plugins.length) issues.push({ path: 'plugins', message: 'plugins must not repeat' });
  if (issues.length > 0) return { ok: false, issues };

  const submitted = request.config ?? {};
  // Config for a plugin the job does not run is a mistake in `plugins` or in `config`; said as
  // such, rather than as an unknown field of the job's plugin or an ambiguous flat config.
  for (const [key, value] of Object.entries(submitted)) {
    if (isPlainObject(value) && catalog.get(key) && !request.plugins.includes(key)) {
      issues.push({ path: `config.${key}`, message: `config for plugin "${key}", which this job does not run (plugins: ${request.plugins.join(', ')})` });
    }
  }
  if (issues.length > 0) return { ok: false, issues };
  const split = splitConfig(request.plugins, submitted);
  if ('message' in split) return { ok: false, issues: [split] };
  const { perPlugin, keyed } = split;

  const plan: JobPlan = { pluginConfigs: {}, inlineSecrets: {}, redactedConfig: structuredClone(submitted) };
  for (const plugin of request.plugins) {
    const own = { ...defaults[plugin], ...perPlugin[plugin] };
    const secrets: Record<string, string> = {};
    const redactIn = keyed ? (plan.redactedConfig[plugin] as Record<string, unknown>) : plan.redactedConfig;
    for (const field of catalog.inlineSecretFields(plugin)) {
      if (own[field] === undefined) continue;
      if (typeof own[field] !== 'string') {
        issues.push({ path: keyed ? `config.${plugin}.${field}` : `config.${field}`, message: 'must be a string' });
      } else {
        secrets[field] = own[field];
      }
      delete own[field];
      if (redactIn) redactIn[field] = REDACTED;
    }
    const checked = catalog.checkConfig(plugin, own);
    if (!checked.ok) {
      const prefix = keyed ? `config.${plugin}` : 'config';
      issues.push(...checked.issues.map((issue) => ({ path: issue.path ? `${prefix}.${issue.path}` : prefix, message: issue.message })));
      continue;
    }
    plan.pluginConfigs[plugin] = checked.config;
    if (Object.keys(secrets).length > 0) plan.inlineSecrets[plugin] = secrets;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, plan };
}
