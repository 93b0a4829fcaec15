import type { ResourceEdge } from '@strata/contracts';

/*
 * Edges between the nodes of two providers that name the same machine: an EKS worker node (the
 * kubernetes plugin's `kubernetes.node`, whose `providerID` gives `aws_instance_id`) `runs_on` the
 * EC2 instance the aws plugin found. Neither plugin can draw it: the kubernetes plugin does not
 * know the instance's account (its id is an ARN), the aws plugin does not know the cluster. So
 * inventory draws it whenever both nodes are in the tenant's graph, whichever job saw them.
 */

/** The scope link edges are kept under: no plugin run's reconcile ever removes them as unseen. */
export const CLOUD_LINK_SCOPE = 'links:eks-node-instance';

/** The edge type, as the kubernetes plugin's pod → node edge. */
export const EKS_NODE_LINK_TYPE = 'runs_on';

/** What links a node: its id, its type, its attributes (as stored). */
export interface LinkableNode {
  id: string;
  type: string;
  region?: string;
  attributes: Readonly<Record<string, unknown>>;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The EC2 instance id and region a Kubernetes node names (its region only when its labels say it). */
export function eksNodeInstance(node: LinkableNode): { instanceId: string; region?: string } | undefined {
  if (node.type !== 'kubernetes.node') return undefined;
  const instanceId = text(node.attributes['aws_instance_id']);
  if (!instanceId) return undefined;
  const region = text(node.attributes['region']);
  return region ? { instanceId, region } : { instanceId };
}

/** The instance id and region of an aws EC2 instance node. */
export function ec2Instance(node: LinkableNode): { instanceId: string; region?: string } | undefined {
  if (node.type !== 'aws.ec2.instance') return undefined;
  const instanceId = text(node.attributes['instance_id']);
  if (!instanceId) return undefined;
  return node.region ? { instanceId, region: node.region } : { instanceId };
}

/**
 * The `runs_on` edges from the EKS nodes among `kubernetesNodes` to the one EC2 instance each
 * names: the same instance id, in the same region when both say one. An instance id two
 * instances share (two accounts, two regions the node does not tell apart) links neither: a
 * wrong edge is worse than none.
 */
export function eksNodeLinks(kubernetesNodes: readonly LinkableNode[], instances: readonly LinkableNode[]): ResourceEdge[] {
  const byInstanceId = new Map<string, { id: string; region?: string }[]>();
  for (const node of instances) {
    const instance = ec2Instance(node);
    if (!instance) continue;
    const list = byInstanceId.get(instance.instanceId) ?? [];
    list.push({ id: node.id, ...(instance.region ? { region: instance.region } : {}) });
    byInstanceId.set(instance.instanceId, list);
  }
  const links: ResourceEdge[] = [];
  for (const node of kubernetesNodes) {
    const named = eksNodeInstance(node);
    if (!named) continue;
    const candidates = (byInstanceId.get(named.instanceId) ?? []).filter(
      (instance) => named.region === undefined || instance.region === undefined || instance.region === named.region,
    );
    if (candidates.length === 1) links.push({ from: node.id, to: candidates[0]!.id, type: EKS_NODE_LINK_TYPE });
  }
  return links;
}
