/**
 * Settings of a tenant that become plugin configuration when a job does not say otherwise, e.g.
 * the scan policy's `lookback_days` as the aws plugin's `metrics_lookback_days`. Implemented by
 * the tenancy context, which owns settings; the jobs API merges them under what a job submits.
 */
export interface PluginConfigDefaults {
  /** Fields to add to `plugin`'s configuration for this tenant's jobs (only fields the plugin accepts). */
  forPlugin(tenantId: string, plugin: string): Promise<Readonly<Record<string, unknown>>>;
}

/** DI token under which the tenancy module provides its {@link PluginConfigDefaults}. */
export const PLUGIN_CONFIG_DEFAULTS = Symbol.for('strata:PluginConfigDefaults');
