import { awsPlugin } from './aws-plugin';

describe('awsPlugin', () => {
  it('is the documented aws plugin and takes aws credentials', () => {
    expect(awsPlugin).toMatchObject({ id: 'aws', name: 'Amazon Web Services', credentialKinds: ['aws'] });
    expect(awsPlugin.discovers).toContain('EC2');
  });

  it('validates its config and names its scope without calling AWS', () => {
    const config = awsPlugin.configSchema.parse({ account_id: '123456789012' });
    expect(awsPlugin.scopeOf(config, { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'secret' })).toBe('aws:123456789012');
  });

  it('maps its node types to the progress counters of the scans API', () => {
    expect(['aws.ec2.vpc', 'aws.ec2.subnet', 'aws.ec2.instance', 'aws.lambda.function', 's3'].map(awsPlugin.progressKey)).toEqual([
      'vpcs',
      'subnets',
      'ec2Instances',
      'lambdaFunctions',
      undefined,
    ]);
  });
});
