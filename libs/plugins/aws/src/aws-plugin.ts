import type { DiscoveryPlugin } from '@strata/plugins-api';
import { awsConfigSchema, type AwsConfig } from './aws-config';
import { discoverAws, type AwsDiscoveryOptions } from './aws-discovery';
import { awsProgressKey } from './aws-resource-types';
import { awsScope } from './aws-scope';

/**
 * The AWS discovery plugin. `options` exist for tests (a shorter backoff); everything a job can
 * choose is in its config ({@link awsConfigSchema}).
 */
export function createAwsPlugin(options: AwsDiscoveryOptions = {}): DiscoveryPlugin<AwsConfig> {
  return {
    id: 'aws',
    name: 'Amazon Web Services',
    discovers:
      'EC2 (instances, VPCs, subnets, security groups, volumes, snapshots, Elastic IPs, network interfaces, route tables, internet and NAT gateways), ELBv2 load balancers, S3, IAM, RDS, Lambda, EKS, CloudTrail, KMS; CloudWatch utilisation of instances, databases and load balancers',
    credentialKinds: ['aws'],
    configSchema: awsConfigSchema,
    scopeOf: awsScope,
    progressKey: awsProgressKey,
    discover: (context) => discoverAws(context, options),
  };
}

/** The AWS plugin as workers run it. */
export const awsPlugin: DiscoveryPlugin<AwsConfig> = createAwsPlugin();
