/** A plugin as `GET /api/v1/plugins` lists it. */
export interface PluginInfo {
  id: string;
  name: string;
  discovers: string;
  /** False for plugins this build does not ship yet: jobs naming them are refused. */
  available: boolean;
  credential_kinds: readonly string[];
}

export interface ConfigIssue {
  path: string;
  message: string;
}

export type ConfigCheck = { ok: true; config: Record<string, unknown> } | { ok: false; issues: ConfigIssue[] };

/**
 * What the jobs API needs to know about plugins without depending on them: the list, each
 * plugin's configuration rules, and which config fields are secrets to move into a credential.
 * Implemented by the discovery context; injected where the API is composed.
 */
export interface PluginCatalog {
  list(): readonly PluginInfo[];
  get(id: string): PluginInfo | undefined;
  /** Validates (and fills defaults of) one plugin's configuration. */
  checkConfig(id: string, config: Record<string, unknown>): ConfigCheck;
  /** Config fields that hold secrets (a kubeconfig, a key): moved out of the job into a credential. */
  inlineSecretFields(id: string): readonly string[];
}

/** Where the discovery context provides its catalog in a Nest app. */
export const PLUGIN_CATALOG = Symbol.for('strata:PluginCatalog');
