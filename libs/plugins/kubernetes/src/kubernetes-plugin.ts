import type { DiscoveryPlugin } from '@strata/plugins-api';
import { kubernetesConfigSchema, type KubernetesConfig } from './kubernetes-config';
import { discoverKubernetes, type KubernetesDiscoveryOptions } from './kubernetes-discovery';
import { kubernetesProgressKey } from './kubernetes-kinds';
import { kubernetesScope } from './kubernetes-scope';

/**
 * The Kubernetes discovery plugin. `options` exist for tests (shorter waits); everything a job
 * can choose is in its config ({@link kubernetesConfigSchema}).
 */
export function createKubernetesPlugin(options: KubernetesDiscoveryOptions = {}): DiscoveryPlugin<KubernetesConfig> {
  return {
    id: 'kubernetes',
    name: 'Kubernetes',
    discovers:
      'Namespaces, nodes, pods, deployments, replica sets, stateful sets, daemon sets, jobs, cron jobs, services, endpoint slices, ingresses, persistent volumes and claims, storage classes, config maps and secrets (key names only), service accounts, network policies, pod disruption budgets, autoscalers; RBAC roles and bindings with include_rbac; pod usage from metrics.k8s.io',
    credentialKinds: ['kubernetes'],
    configSchema: kubernetesConfigSchema,
    scopeOf: kubernetesScope,
    progressKey: kubernetesProgressKey,
    discover: (context) => discoverKubernetes(context, options),
  };
}

/** The Kubernetes plugin as workers run it. */
export const kubernetesPlugin: DiscoveryPlugin<KubernetesConfig> = createKubernetesPlugin();
