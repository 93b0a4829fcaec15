import type { ResourceNode } from '@strata/contracts';
import type { AuditRule } from './rule';

const attr = (node: ResourceNode, name: string): unknown => node.attributes[name];
const cost = (node: ResourceNode): number | undefined => {
  const value = attr(node, 'monthly_cost_usd');
  return typeof value === 'number' ? value : undefined;
};

/**
 * The first rule pack: a few high-signal CIS-style checks and cost-waste checks over the node
 * attributes the aws and demo plugins share. The full engine (rule packs, frameworks, exceptions)
 * builds on the same AuditRule shape.
 */
export const STARTER_RULES: readonly AuditRule[] = [
  {
    id: 's3-bucket-public-access',
    kind: 'compliance',
    title: 'S3 bucket does not block public access',
    severity: 'high',
    resourceTypes: ['s3.bucket'],
    frameworks: [
      { framework: 'CIS AWS Foundations 3.0', control: '2.1.4' },
      { framework: 'NIST 800-53', control: 'AC-3' },
    ],
    remediation: 'Enable all four S3 Block Public Access settings on the bucket (or the account).',
    check: (node) => (attr(node, 'public_access_blocked') === false ? { reason: 'Block Public Access is off' } : undefined),
  },
  {
    id: 'ebs-volume-unencrypted',
    kind: 'compliance',
    title: 'EBS volume is not encrypted',
    severity: 'medium',
    resourceTypes: ['ec2.volume'],
    frameworks: [
      { framework: 'CIS AWS Foundations 3.0', control: '2.2.1' },
      { framework: 'NIST 800-53', control: 'SC-28' },
    ],
    remediation: 'Snapshot the volume, copy the snapshot with encryption, and replace the volume; enable EBS encryption by default.',
    check: (node) => (attr(node, 'encrypted') === false ? { reason: 'encryption at rest is off' } : undefined),
  },
  {
    id: 'security-group-ssh-open-to-world',
    kind: 'compliance',
    title: 'Security group allows SSH from 0.0.0.0/0',
    severity: 'high',
    resourceTypes: ['ec2.security_group'],
    frameworks: [{ framework: 'CIS AWS Foundations 3.0', control: '5.2' }],
    remediation: 'Restrict port 22 ingress to known address ranges or use Session Manager.',
    check: (node) => {
      const open = attr(node, 'ingress_open_to_world');
      return Array.isArray(open) && open.includes(22) ? { reason: 'port 22 is open to 0.0.0.0/0' } : undefined;
    },
  },
  {
    id: 'ebs-volume-unattached',
    kind: 'cost',
    title: 'EBS volume is not attached to any instance',
    severity: 'low',
    resourceTypes: ['ec2.volume'],
    frameworks: [],
    remediation: 'Snapshot the volume if its data matters, then delete it.',
    check: (node) =>
      attr(node, 'state') === 'available'
        ? { reason: 'the volume is unattached and billed every month', monthlySavingsUsd: cost(node) ?? 0 }
        : undefined,
  },
  {
    id: 'ec2-instance-stopped',
    kind: 'cost',
    title: 'EC2 instance is stopped',
    severity: 'info',
    resourceTypes: ['ec2.instance'],
    frameworks: [],
    remediation: 'Terminate instances that stay stopped; their volumes are still billed.',
    check: (node) => (attr(node, 'state') === 'stopped' ? { reason: 'the instance is stopped', monthlySavingsUsd: 0 } : undefined),
  },
];
