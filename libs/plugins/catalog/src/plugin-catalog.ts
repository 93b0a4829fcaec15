import { REQUEST_PARSE_OPTIONS, type ConfigCheck, type PluginCatalog, type PluginInfo } from '@strata/contracts';
import type { DiscoveryPlugin } from '@strata/plugins-api';
import { awsPlugin } from '@strata/plugins-aws';
import { demoPlugin } from '@strata/plugins-demo';
import { kubernetesPlugin } from '@strata/plugins-kubernetes';

/** The providers of the public API's plugin table, as `{ id, name, discovers }`. */
const DOCUMENTED: readonly Omit<PluginInfo, 'available'>[] = [
  { id: 'aws', name: 'Amazon Web Services', discovers: 'EC2, S3, IAM, RDS, Lambda, EKS, CloudTrail, VPC, KMS, and 40+ more', credential_kinds: ['aws'] },
  { id: 'azure', name: 'Microsoft Azure', discovers: 'VMs, Storage, SQL, Networking, Entra ID, Key Vault', credential_kinds: ['azure'] },
  { id: 'gcp', name: 'Google Cloud Platform', discovers: 'Compute, GCS, Cloud SQL, IAM, GKE, Networking', credential_kinds: ['gcp'] },
  { id: 'kubernetes', name: 'Kubernetes', discovers: 'Pods, Services, Deployments, RBAC, Namespaces', credential_kinds: ['kubernetes'] },
  { id: 'm365', name: 'Microsoft 365', discovers: 'Users, Groups, Applications, Exchange, SharePoint', credential_kinds: ['m365'] },
  { id: 'github', name: 'GitHub', discovers: 'Repositories, Actions, Org members', credential_kinds: ['github'] },
  { id: 'agent', name: 'On-Premises Agent', discovers: 'Local systems via installed agent', credential_kinds: ['agent'] },
];

/** Secret-bearing config fields per provider (the seed's Kubernetes example sends a kubeconfig inline). */
const INLINE_SECRETS: Readonly<Record<string, readonly string[]>> = {
  aws: ['access_key_id', 'secret_access_key', 'session_token'],
  azure: ['client_secret'],
  gcp: ['service_account_json'],
  kubernetes: ['kubeconfig'],
  m365: ['client_secret'],
  github: ['token'],
  agent: ['enrollment_token'],
};

/**
 * The plugin catalog of this build: every documented provider, marked available when its plugin
 * ships, plus the synthetic `demo` estate.
 */
export class BuiltInPluginCatalog implements PluginCatalog {
  private readonly plugins: ReadonlyMap<string, DiscoveryPlugin<unknown>>;
  private readonly infos: readonly PluginInfo[];

  constructor(
    plugins: readonly DiscoveryPlugin<unknown>[] = [awsPlugin as DiscoveryPlugin<unknown>, kubernetesPlugin as DiscoveryPlugin<unknown>, demoPlugin as DiscoveryPlugin<unknown>],
  ) {
    this.plugins = new Map(plugins.map((plugin) => [plugin.id, plugin]));
    const documented = DOCUMENTED.map((info) => ({ ...info, available: this.plugins.has(info.id) }));
    const extra = plugins
      .filter((plugin) => !DOCUMENTED.some((info) => info.id === plugin.id))
      .map((plugin) => ({ id: plugin.id, name: plugin.name, discovers: plugin.discovers, available: true, credential_kinds: plugin.credentialKinds }));
    this.infos = [...documented, ...extra];
  }

  list(): readonly PluginInfo[] {
    return this.infos;
  }

  get(id: string): PluginInfo | undefined {
    return this.infos.find((info) => info.id === id);
  }

  checkConfig(id: string, config: Record<string, unknown>): ConfigCheck {
    const plugin = this.plugins.get(id);
    if (!plugin) return { ok: false, issues: [{ path: '', message: `plugin "${id}" is not available in this build` }] };
    const parsed = plugin.configSchema.safeParse(config, REQUEST_PARSE_OPTIONS);
    if (parsed.success) return { ok: true, config: parsed.data as Record<string, unknown> };
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) };
  }

  inlineSecretFields(id: string): readonly string[] {
    return INLINE_SECRETS[id] ?? [];
  }
}
