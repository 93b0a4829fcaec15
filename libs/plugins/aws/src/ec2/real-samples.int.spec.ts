import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsFixtureServer, generateEstate } from '../fixtures';
import { runAwsPlugin, type AwsRunResult } from '../fixtures/run-aws-plugin';

const sample = (name: string) => readFileSync(join(__dirname, '../fixtures/aws-samples', name), 'utf8');
const arn = (kind: string, id: string) => `arn:aws:ec2:us-west-2:123456789012:${kind}/${id}`;

/** The plugin reading what EC2 really sends (botocore's copies of AWS's documented responses). */
describe('EC2 discovery of real AWS responses', () => {
  let fixture: AwsFixtureServer;
  let run: AwsRunResult;

  beforeAll(async () => {
    fixture = await AwsFixtureServer.start({
      estate: generateEstate({ size: 50, seed: 'samples', regions: ['us-west-2', 'eu-west-1'] }),
      rawResponses: {
        'ec2:DescribeInstances': sample('ec2-describe-instances.xml'),
        'ec2:DescribeVpcs': sample('ec2-describe-vpcs.xml'),
        'ec2:DescribeSubnets': sample('ec2-describe-subnets.xml'),
        'ec2:DescribeVolumes': sample('ec2-describe-volumes.xml'),
      },
    });
    run = await runAwsPlugin({ endpoint_url: fixture.url, services: ['ec2'], regions: ['us-west-2'] });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('reads instances, their state, placement and security groups', () => {
    expect(run.nodes.get(arn('instance', 'i-fde9cece'))).toMatchObject({
      type: 'aws.ec2.instance',
      name: 'i-fde9cece',
      account: '123456789012',
      region: 'us-west-2',
      tags: { notebook: '' },
      attributes: { state: 'stopped', instance_type: 'm1.small', availability_zone: 'us-west-2a', launch_time: '2012-10-16T20:00:13.000Z' },
    });
    expect(run.nodes.get(arn('instance', 'i-78f1b94a'))?.attributes).toMatchObject({ state: 'running', public_ip: '54.245.16.142', platform: 'windows' });
    expect(run.edges).toContainEqual({ from: arn('instance', 'i-78f1b94a'), type: 'uses', to: arn('security-group', 'sg-72334242') });
  });

  it('reads volumes, their attachment, and prices them', () => {
    expect(run.nodes.get(arn('volume', 'vol-bc71579a'))?.attributes).toMatchObject({ state: 'in-use', size_gb: 8, volume_type: 'standard', encrypted: false, monthly_cost_usd: 0.4 });
    expect(run.edges).toContainEqual({ from: arn('volume', 'vol-bc71579a'), type: 'attached_to', to: arn('instance', 'i-fde9cece') });
  });

  it('reads VPCs and subnets, and places the subnet in its VPC', () => {
    expect(run.nodes.get(arn('vpc', 'vpc-8d2910e4'))?.attributes).toMatchObject({ cidr_block: '10.0.0.0/16', is_default: false, state: 'available' });
    expect(run.nodes.get(arn('subnet', 'subnet-812910e8'))?.attributes).toMatchObject({ cidr_block: '10.0.0.0/24', map_public_ip_on_launch: false, available_ip_address_count: 251 });
    expect(run.edges).toContainEqual({ from: arn('subnet', 'subnet-812910e8'), type: 'in_vpc', to: arn('vpc', 'vpc-8d2910e4') });
  });
});
