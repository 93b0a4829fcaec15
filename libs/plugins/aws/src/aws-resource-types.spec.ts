import { awsProgressKey, describeCounts } from './aws-resource-types';

describe('aws resource types', () => {
  it('count towards the progress counters of the scans API', () => {
    expect(awsProgressKey('aws.ec2.vpc')).toBe('vpcs');
    expect(awsProgressKey('aws.ec2.subnet')).toBe('subnets');
    expect(awsProgressKey('aws.ec2.instance')).toBe('ec2Instances');
    expect(awsProgressKey('aws.lambda.function')).toBe('lambdaFunctions');
    expect(awsProgressKey('aws.s3.bucket')).toBe('s3Buckets');
    expect(awsProgressKey('aws.iam.role')).toBe('iamRoles');
    expect(awsProgressKey('aws.rds.db_instance')).toBe('rdsInstances');
    expect(awsProgressKey('demo.ec2.vpc')).toBeUndefined();
  });

  it('describe counts in the words of the API log, in a fixed order, without zeros', () => {
    const counts = new Map([
      ['aws.iam.role', 512],
      ['aws.iam.group', 0],
      ['aws.iam.user', 234],
    ]);
    expect(describeCounts(counts)).toBe('234 IAM users, 512 IAM roles');
    expect(describeCounts(new Map([['aws.ec2.vpc', 1]]))).toBe('1 VPC');
  });
});
