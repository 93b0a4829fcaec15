import { awsConfigSchema } from './aws-config';

describe('awsConfigSchema', () => {
  it('fills the defaults', () => {
    expect(awsConfigSchema.parse({})).toEqual({ role_session_name: 'strata-discovery', home_region: 'us-east-1', concurrency: 4, max_attempts: 8, metrics: true, metrics_lookback_days: 14 });
  });

  it('turns utilisation metrics off, or reads another number of days of them', () => {
    expect(awsConfigSchema.parse({ metrics: false })).toMatchObject({ metrics: false });
    expect(awsConfigSchema.parse({ metrics_lookback_days: 1 })).toMatchObject({ metrics: true, metrics_lookback_days: 1 });
    expect(awsConfigSchema.parse({ metrics_lookback_days: 63 })).toMatchObject({ metrics_lookback_days: 63 });
  });

  it("accepts the API's AWS example as it is, unsupported services included", () => {
    const example = {
      regions: ['us-east-1', 'us-west-2', 'eu-west-1'],
      services: ['ec2', 's3', 'iam', 'rds', 'lambda', 'eks', 'cloudtrail', 'kms', 'shield', 'config'],
      role_arn: 'arn:aws:iam::123456789012:role/InfracastReadOnly',
      external_id: 'infracast-external-id-abc123',
    };
    expect(awsConfigSchema.safeParse(example).success).toBe(true);
    expect(awsConfigSchema.safeParse({ regions: ['us-east-1'], services: ['ec2'], account_id: '123456789012' }).success).toBe(true);
  });

  it('takes one endpoint for all services and overrides per service', () => {
    const config = awsConfigSchema.parse({ endpoint_url: 'http://localhost:4566', endpoints: { s3: 'http://127.0.0.1:9000', cloudwatch: 'http://127.0.0.1:9001' } });
    expect(config).toMatchObject({ endpoint_url: 'http://localhost:4566', endpoints: { s3: 'http://127.0.0.1:9000', cloudwatch: 'http://127.0.0.1:9001' } });
  });

  it.each([
    ['a region that is not one', { regions: ['us-east'] }, 'regions.0'],
    ['an account id of the wrong length', { account_id: '12345' }, 'account_id'],
    ['a role ARN that is not a role', { role_arn: 'arn:aws:iam::123456789012:user/bob' }, 'role_arn'],
    ['an endpoint that is not http(s)', { endpoint_url: 'ftp://localhost' }, 'endpoint_url'],
    ['an endpoint for a service the plugin does not call', { endpoints: { glacier: 'http://localhost:1' } }, 'endpoints'],
    ['a concurrency of zero', { concurrency: 0 }, 'concurrency'],
    ['an unknown field', { regoins: ['us-east-1'] }, ''],
    ['an upper-case service name', { services: ['EC2'] }, 'services.0'],
    ['metrics that are not true or false', { metrics: 'yes' }, 'metrics'],
    ['a lookback of no days', { metrics_lookback_days: 0 }, 'metrics_lookback_days'],
    ['a lookback beyond 63 days', { metrics_lookback_days: 64 }, 'metrics_lookback_days'],
    ['a lookback of part of a day', { metrics_lookback_days: 1.5 }, 'metrics_lookback_days'],
  ])('rejects %s', (_why, config, path) => {
    const parsed = awsConfigSchema.safeParse(config);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });
});
