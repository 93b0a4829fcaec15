import { awsConfigSchema } from './aws-config';
import { awsScope } from './aws-scope';

const KEYS = { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const scope = (config: Record<string, unknown>, credential: Record<string, string> = KEYS) => awsScope(awsConfigSchema.parse(config), credential);

describe('awsScope', () => {
  it('is the account of config.account_id', () => {
    expect(scope({ account_id: '123456789012' })).toBe('aws:123456789012');
  });

  it('is the account of the role to assume, from the config or the credential', () => {
    expect(scope({ role_arn: 'arn:aws:iam::210987654321:role/StrataReadOnly' })).toBe('aws:210987654321');
    expect(scope({}, { role_arn: 'arn:aws:iam::210987654321:role/StrataReadOnly' })).toBe('aws:210987654321');
  });

  it('is stable per access key without publishing the key id', () => {
    const byKey = scope({});
    expect(byKey).toMatch(/^aws:key-[0-9a-f]{16}$/);
    expect(byKey).not.toContain(KEYS.access_key_id);
    expect(scope({})).toBe(byKey);
    expect(scope({}, { ...KEYS, access_key_id: 'AKIAOTHERKEY00000000' })).not.toBe(byKey);
  });

  it('names the selection when a job scans only some services or regions, in a stable order', () => {
    expect(scope({ account_id: '123456789012', regions: ['us-west-2', 'us-east-1'] })).toBe('aws:123456789012/*/us-east-1,us-west-2');
    expect(scope({ account_id: '123456789012', services: ['s3', 'ec2', 'shield'] })).toBe('aws:123456789012/ec2,elbv2,s3/*');
  });
});
