import type { Glyph } from '../model/diagram-model';

/** How a resource kind (its type without the provider: `ec2.instance`) is drawn and named. */
export interface KindLook {
  glyph: Glyph;
  words: string;
}

export const AWS_KINDS: Readonly<Record<string, KindLook>> = {
  'ec2.instance': { glyph: 'instance', words: 'EC2 instance' },
  'rds.db_instance': { glyph: 'database', words: 'RDS instance' },
  'rds.db_cluster': { glyph: 'database', words: 'RDS cluster' },
  'lambda.function': { glyph: 'function', words: 'Lambda function' },
  'elbv2.load_balancer': { glyph: 'load_balancer', words: 'load balancer' },
  'ec2.nat_gateway': { glyph: 'nat_gateway', words: 'NAT gateway' },
  'ec2.internet_gateway': { glyph: 'internet_gateway', words: 'internet gateway' },
  'ec2.security_group': { glyph: 'security_group', words: 'security group' },
  's3.bucket': { glyph: 'bucket', words: 'S3 bucket' },
  'iam.role': { glyph: 'identity', words: 'IAM role' },
  'iam.user': { glyph: 'identity', words: 'IAM user' },
  'iam.group': { glyph: 'identity', words: 'IAM group' },
  'iam.policy': { glyph: 'identity', words: 'IAM policy' },
  'kms.key': { glyph: 'key', words: 'KMS key' },
  'eks.cluster': { glyph: 'cluster', words: 'EKS cluster' },
  'cloudtrail.trail': { glyph: 'trail', words: 'CloudTrail trail' },
};

/** Kinds drawn inside a subnet (else inside their VPC, else among the regional services). */
export const SUBNET_KINDS: ReadonlySet<string> = new Set(['ec2.instance', 'rds.db_instance', 'lambda.function', 'elbv2.load_balancer', 'ec2.nat_gateway']);

/** Regional kinds drawn beside the VPCs when no VPC holds them. */
export const REGIONAL_SERVICE_KINDS: ReadonlySet<string> = new Set([...SUBNET_KINDS, 'ec2.internet_gateway', 'rds.db_cluster', 'eks.cluster', 'kms.key', 'cloudtrail.trail']);

/** Global services, drawn beside the regions: S3 and IAM (access keys and the password policy are not drawn). */
export const GLOBAL_KINDS: ReadonlySet<string> = new Set(['s3.bucket', 'iam.role', 'iam.user', 'iam.group', 'iam.policy']);

/** `aws.ec2.instance` → `ec2.instance` (types are `<provider>.<service>.<kind>`). */
export const kindOf = (type: string): string => type.slice(type.indexOf('.') + 1);

export const lookOf = (kind: string): KindLook => AWS_KINDS[kind] ?? { glyph: 'resource', words: kind };
