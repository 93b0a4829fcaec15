import { PluginError, type DiscoveryPlugin } from '@strata/plugins-api';

/**
 * The work item's config parsed by the plugin's schema (defaults applied). The API validated it
 * when the job was created; a config that fails here (a job from before a schema change, a
 * hand-made work item) fails the run with `plugin_error`, naming each field and never echoing
 * a value.
 */
export function parsePluginConfig<Config>(plugin: DiscoveryPlugin<Config>, config: unknown): Config {
  const parsed = plugin.configSchema.safeParse(config);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    return field === '' ? issue.message : `${field}: ${issue.message}`;
  });
  throw new PluginError('plugin_error', `Invalid configuration for plugin ${plugin.id}: ${problems.join('; ')}`);
}
