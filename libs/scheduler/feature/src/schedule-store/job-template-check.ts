import type { ConfigIssue, CreateScheduleRequest, CredentialCatalog, PluginCatalog } from '@strata/contracts';

type JobTemplateRequest = CreateScheduleRequest['job_template'];

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a schedule's job template for this tenant, as the create-job request would
 * be refused when the schedule fires (empty: nothing): every plugin known and available in this
 * build, its config valid (flat for one plugin, keyed by plugin id for several), no secrets inline
 * (a schedule stores its template: secrets go in a credential), and `credential_id` one of the
 * tenant's credentials, of a kind every plugin takes.
 */
export async function jobTemplateIssues(tenantId: string, template: JobTemplateRequest, plugins: PluginCatalog, credentials: CredentialCatalog): Promise<ConfigIssue[]> {
  const issues: ConfigIssue[] = [];
  template.plugins.forEach((id, index) => {
    const info = plugins.get(id);
    if (!info) issues.push({ path: `job_template.plugins.${index}`, message: `unknown plugin "${id}" (see GET /api/v1/plugins)` });
    else if (!info.available) issues.push({ path: `job_template.plugins.${index}`, message: `plugin "${id}" is not available in this build` });
  });
  if (new Set(template.plugins).size !== template.plugins.length) issues.push({ path: 'job_template.plugins', message: 'plugins must not repeat' });
  if (issues.length > 0) return issues;

  issues.push(...configIssues(template, plugins));

  const credential = await credentials.get(tenantId, template.credential_id);
  if (!credential) {
    issues.push({ path: 'job_template.credential_id', message: `tenant ${tenantId} has no credential "${template.credential_id}"` });
  } else {
    for (const plugin of template.plugins) {
      if (!plugins.get(plugin)!.credential_kinds.includes(credential.kind)) {
        issues.push({ path: 'job_template.credential_id', message: `a ${credential.kind} credential cannot be used by the ${plugin} plugin` });
      }
    }
  }
  return issues;
}

function configIssues(template: JobTemplateRequest, catalog: PluginCatalog): ConfigIssue[] {
  const config = template.config ?? {};
  const keys = Object.keys(config);
  const keyed = keys.length > 0 && keys.every((key) => template.plugins.includes(key) && isPlainObject(config[key]));
  if (!keyed && template.plugins.length > 1 && keys.length > 0) {
    return [{ path: 'job_template.config', message: `a job with several plugins takes its config keyed by plugin id: {"${template.plugins[0]}": {...}, ...}` }];
  }
  const issues: ConfigIssue[] = [];
  for (const plugin of template.plugins) {
    const own = keyed ? ((config[plugin] as Record<string, unknown> | undefined) ?? {}) : template.plugins.length === 1 ? config : {};
    const prefix = keyed ? `job_template.config.${plugin}` : 'job_template.config';
    for (const field of catalog.inlineSecretFields(plugin)) {
      if (own[field] !== undefined) issues.push({ path: `${prefix}.${field}`, message: `schedules take no inline secrets: store it as a credential and name it in credential_id` });
    }
    const checked = catalog.checkConfig(plugin, own);
    if (!checked.ok) issues.push(...checked.issues.map((issue) => ({ path: issue.path ? `${prefix}.${issue.path}` : prefix, message: issue.message })));
  }
  return issues;
}
