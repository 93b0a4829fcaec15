import { credentialClusterName } from './core/kube-credential';
import type { KubernetesConfig } from './kubernetes-config';

/** The cluster a run names: `config.cluster_name`, else the kubeconfig context's cluster (or the server's host). */
export function kubernetesClusterName(config: Pick<KubernetesConfig, 'cluster_name' | 'context'>, credential: Readonly<Record<string, string>>): string | undefined {
  return config.cluster_name ?? credentialClusterName(credential, config.context);
}

/**
 * The reconcile scope of a run (answered before any call to the API server):
 *
 * - `kubernetes:<cluster>` for a run over every namespace with RBAC: the whole cluster;
 * - with `/<namespaces or *>/<rbac|no-rbac>` appended when the run sees less, so that a job over
 *   namespace A does not mark namespace B's nodes removed, nor a job without RBAC the roles and
 *   bindings an earlier one found. (Cluster-scoped kinds are listed by every run; a narrowed run
 *   moves them to its own scope, and the next full run takes them back.)
 */
export function kubernetesScope(config: KubernetesConfig, credential: Readonly<Record<string, string>>): string {
  const base = `kubernetes:${kubernetesClusterName(config, credential) ?? 'unknown'}`;
  const namespaces = config.namespaces === undefined ? '*' : [...new Set(config.namespaces)].sort().join(',');
  if (namespaces === '*' && config.include_rbac) return base;
  return `${base}/${namespaces}/${config.include_rbac ? 'rbac' : 'no-rbac'}`;
}
