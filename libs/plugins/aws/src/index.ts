export { awsPlugin, createAwsPlugin } from './aws-plugin';
export { awsConfigSchema, AWS_SERVICES, AWS_DEFAULT_CONCURRENCY, type AwsConfig, type AwsService } from './aws-config';
export type { AwsDiscoveryOptions } from './aws-discovery';
export { AWS_RESOURCE_TYPES, awsProgressKey, type AwsResourceType } from './aws-resource-types';
export { awsScope } from './aws-scope';
export { selectServices, type ServiceSelection } from './aws-services';
export { accessKeyId, passwordPolicyId } from './iam';
