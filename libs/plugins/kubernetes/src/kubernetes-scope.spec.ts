import { kubernetesConfigSchema } from './kubernetes-config';
import { kubernetesScope } from './kubernetes-scope';

const config = (input: Record<string, unknown>) => kubernetesConfigSchema.parse(input);
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: prod-eks, cluster: { server: "https://10.0.0.1" } }, { name: staging, cluster: { server: "https://10.0.0.2" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ctx, context: { cluster: prod-eks, user: u } }, { name: other, context: { cluster: staging, user: u } }]
current-context: ctx
`;

describe('the reconcile scope of a kubernetes run', () => {
  it('is the cluster for a run over every namespace with RBAC', () => {
    expect(kubernetesScope(config({ cluster_name: 'prod', include_rbac: true }), {})).toBe('kubernetes:prod');
  });

  it('is narrowed by the namespaces and by leaving RBAC out, so a narrower job removes nothing outside it', () => {
    expect(kubernetesScope(config({ cluster_name: 'prod', namespaces: ['b', 'a', 'a'], include_rbac: true }), {})).toBe('kubernetes:prod/a,b/rbac');
    expect(kubernetesScope(config({ cluster_name: 'prod' }), {})).toBe('kubernetes:prod/*/no-rbac');
    expect(kubernetesScope(config({ cluster_name: 'prod', namespaces: ['a'] }), {})).not.toBe(kubernetesScope(config({ cluster_name: 'prod', namespaces: ['b'] }), {}));
  });

  it("names the cluster after the kubeconfig's context when the job does not", () => {
    expect(kubernetesScope(config({ include_rbac: true }), { kubeconfig: KUBECONFIG })).toBe('kubernetes:prod-eks');
    expect(kubernetesScope(config({ include_rbac: true, context: 'other' }), { kubeconfig: KUBECONFIG })).toBe('kubernetes:staging');
    expect(kubernetesScope(config({ include_rbac: true }), { kubeconfig: KUBECONFIG, context: 'other' })).toBe('kubernetes:staging');
  });

  it("takes seed 000's example config (its inline kubeconfig is moved to the credential first)", () => {
    const { kubeconfig: _inline, ...rest } = { cluster_name: 'prod-eks-cluster', kubeconfig: 'base64-encoded-kubeconfig', namespaces: ['default', 'production', 'monitoring'], include_rbac: true };
    expect(kubernetesConfigSchema.safeParse(rest).success).toBe(true);
    expect(kubernetesConfigSchema.safeParse({ namespaces: ['Not_A_Namespace'] }).success).toBe(false);
    expect(kubernetesConfigSchema.parse({})).toMatchObject({ include_rbac: false, page_size: 500, metrics: true });
  });
});
