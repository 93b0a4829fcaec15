// The plugin's public API. The fixture cluster is test and development code: specs and tools
// import it by path (`libs/plugins/kubernetes/src/fixtures`), as the aws plugin's.
export { createKubernetesPlugin, kubernetesPlugin } from './kubernetes-plugin';
export { kubernetesConfigSchema, type KubernetesConfig } from './kubernetes-config';
export { kubernetesScope, kubernetesClusterName } from './kubernetes-scope';
export { KUBE_KINDS, kubernetesProgressKey } from './kubernetes-kinds';
export type { KubernetesDiscoveryOptions } from './kubernetes-discovery';
