/**
 * Every node type this plugin emits (`aws.<service>.<kind>`), with the progress counter it counts
 * towards (named like the scans API's `vpcs`, `ec2Instances`, ...) and the words log lines use.
 * The order is the order of the "Discovered ..." log lines.
 */
export const AWS_RESOURCE_TYPES = {
  'aws.ec2.instance': { progressKey: 'ec2Instances', one: 'EC2 instance', many: 'EC2 instances' },
  'aws.ec2.vpc': { progressKey: 'vpcs', one: 'VPC', many: 'VPCs' },
  'aws.ec2.subnet': { progressKey: 'subnets', one: 'subnet', many: 'subnets' },
  'aws.ec2.security_group': { progressKey: 'securityGroups', one: 'security group', many: 'security groups' },
  'aws.ec2.volume': { progressKey: 'ebsVolumes', one: 'EBS volume', many: 'EBS volumes' },
  'aws.ec2.snapshot': { progressKey: 'ebsSnapshots', one: 'EBS snapshot', many: 'EBS snapshots' },
  'aws.ec2.elastic_ip': { progressKey: 'elasticIps', one: 'Elastic IP', many: 'Elastic IPs' },
  'aws.ec2.network_interface': { progressKey: 'networkInterfaces', one: 'network interface', many: 'network interfaces' },
  'aws.ec2.route_table': { progressKey: 'routeTables', one: 'route table', many: 'route tables' },
  'aws.ec2.internet_gateway': { progressKey: 'internetGateways', one: 'internet gateway', many: 'internet gateways' },
  'aws.ec2.nat_gateway': { progressKey: 'natGateways', one: 'NAT gateway', many: 'NAT gateways' },
  'aws.elbv2.load_balancer': { progressKey: 'loadBalancers', one: 'load balancer', many: 'load balancers' },
  'aws.s3.bucket': { progressKey: 's3Buckets', one: 'S3 bucket', many: 'S3 buckets' },
  'aws.iam.user': { progressKey: 'iamUsers', one: 'IAM user', many: 'IAM users' },
  'aws.iam.role': { progressKey: 'iamRoles', one: 'IAM role', many: 'IAM roles' },
  'aws.iam.group': { progressKey: 'iamGroups', one: 'IAM group', many: 'IAM groups' },
  'aws.iam.policy': { progressKey: 'iamPolicies', one: 'IAM policy', many: 'IAM policies' },
  'aws.iam.access_key': { progressKey: 'iamAccessKeys', one: 'IAM access key', many: 'IAM access keys' },
  'aws.iam.password_policy': { progressKey: 'iamPasswordPolicies', one: 'account password policy', many: 'account password policies' },
  'aws.rds.db_instance': { progressKey: 'rdsInstances', one: 'RDS instance', many: 'RDS instances' },
  'aws.rds.db_cluster': { progressKey: 'rdsClusters', one: 'RDS cluster', many: 'RDS clusters' },
  'aws.rds.db_snapshot': { progressKey: 'rdsSnapshots', one: 'RDS snapshot', many: 'RDS snapshots' },
  'aws.rds.db_cluster_snapshot': { progressKey: 'rdsClusterSnapshots', one: 'RDS cluster snapshot', many: 'RDS cluster snapshots' },
  'aws.lambda.function': { progressKey: 'lambdaFunctions', one: 'Lambda function', many: 'Lambda functions' },
  'aws.eks.cluster': { progressKey: 'eksClusters', one: 'EKS cluster', many: 'EKS clusters' },
  'aws.eks.nodegroup': { progressKey: 'eksNodeGroups', one: 'EKS node group', many: 'EKS node groups' },
  'aws.cloudtrail.trail': { progressKey: 'cloudTrails', one: 'CloudTrail trail', many: 'CloudTrail trails' },
  'aws.kms.key': { progressKey: 'kmsKeys', one: 'KMS key', many: 'KMS keys' },
} as const satisfies Record<string, { progressKey: string; one: string; many: string }>;

export type AwsResourceType = keyof typeof AWS_RESOURCE_TYPES;

const TYPE_ORDER = new Map(Object.keys(AWS_RESOURCE_TYPES).map((type, index) => [type, index]));

export function isAwsResourceType(type: string): type is AwsResourceType {
  return TYPE_ORDER.has(type);
}

/** The progress counter of a node type, or undefined for a type this plugin does not emit. */
export function awsProgressKey(type: string): string | undefined {
  return isAwsResourceType(type) ? AWS_RESOURCE_TYPES[type].progressKey : undefined;
}

/** "342 EC2 instances, 12 VPCs": counts in registry order, zeros left out. */
export function describeCounts(counts: ReadonlyMap<string, number>): string {
  return [...counts.entries()]
    .filter(([type, count]) => count > 0 && isAwsResourceType(type))
    .sort(([a], [b]) => (TYPE_ORDER.get(a) ?? 0) - (TYPE_ORDER.get(b) ?? 0))
    .map(([type, count]) => {
      const words = AWS_RESOURCE_TYPES[type as AwsResourceType];
      return `${count} ${count === 1 ? words.one : words.many}`;
    })
    .join(', ');
}
