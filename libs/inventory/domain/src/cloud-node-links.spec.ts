import { eksNodeLinks, type LinkableNode } from './cloud-node-links';

const k8sNode = (id: string, attributes: Record<string, unknown>): LinkableNode => ({ id, type: 'kubernetes.node', attributes });
const instance = (instanceId: string, region: string, account = '111111111111'): LinkableNode => ({
  id: `arn:aws:ec2:${region}:${account}:instance/${instanceId}`,
  type: 'aws.ec2.instance',
  region,
  attributes: { instance_id: instanceId },
});

describe('eksNodeLinks', () => {
  it('links an EKS node to the EC2 instance of its providerID', () => {
    const links = eksNodeLinks([k8sNode('k8s:prod:n1', { aws_instance_id: 'i-0abc', region: 'eu-west-1' })], [instance('i-0abc', 'eu-west-1'), instance('i-0def', 'eu-west-1')]);
    expect(links).toEqual([{ from: 'k8s:prod:n1', to: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc', type: 'runs_on' }]);
  });

  it('links on the instance id alone when the node does not say its region', () => {
    expect(eksNodeLinks([k8sNode('n', { aws_instance_id: 'i-1' })], [instance('i-1', 'us-east-1')])).toHaveLength(1);
  });

  it('does not link across regions', () => {
    expect(eksNodeLinks([k8sNode('n', { aws_instance_id: 'i-1', region: 'eu-west-1' })], [instance('i-1', 'us-east-1')])).toEqual([]);
  });

  it('links nothing when two instances could be the one the node names', () => {
    const instances = [instance('i-1', 'eu-west-1', '111111111111'), instance('i-1', 'eu-west-1', '222222222222')];
    expect(eksNodeLinks([k8sNode('n', { aws_instance_id: 'i-1', region: 'eu-west-1' })], instances)).toEqual([]);
    // A region the node tells apart leaves one candidate.
    expect(eksNodeLinks([k8sNode('n', { aws_instance_id: 'i-1', region: 'eu-west-1' })], [instance('i-1', 'eu-west-1'), instance('i-1', 'us-east-1')])).toHaveLength(1);
  });

  it('ignores nodes that are not EKS nodes, and instances it is not given', () => {
    const nodes = [k8sNode('gke', { provider_id: 'gce://p/z/n' }), { id: 'pod', type: 'kubernetes.pod', attributes: { aws_instance_id: 'i-1' } }];
    expect(eksNodeLinks(nodes, [instance('i-1', 'eu-west-1')])).toEqual([]);
    expect(eksNodeLinks([k8sNode('n', { aws_instance_id: 'i-2' })], [instance('i-1', 'eu-west-1')])).toEqual([]);
  });
});
