import type { ResourceNode } from '@strata/contracts';
import { awsPlugin } from './aws-plugin';
import { AwsFixtureServer, expectedNodeCounts, generateEstate, type FixtureEstate } from './fixtures';
import { countByType, FIXTURE_CREDENTIAL, runAwsPlugin, type AwsRunResult } from './fixtures/run-aws-plugin';

const PAGE_SIZE = 5;
const arnOf = (estate: FixtureEstate, region: string, kind: string, id: string) => `arn:aws:ec2:${region}:${estate.accountId}:${kind}/${id}`;

describe('the aws plugin, run against a fixture estate', () => {
  let fixture: AwsFixtureServer;
  let estate: FixtureEstate;
  let run: AwsRunResult;
  const edges = (from: string, type: string) => run.edges.filter((edge) => edge.from === from && edge.type === type).map((edge) => edge.to);
  const node = (id: string): ResourceNode => {
    const found = run.nodes.get(id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  };

  beforeAll(async () => {
    estate = generateEstate({ size: 500, seed: 'int' });
    fixture = await AwsFixtureServer.start({ estate, pageSize: PAGE_SIZE });
    run = await runAwsPlugin({ endpoint_url: fixture.url });
  });

  afterAll(async () => {
    await fixture?.close();
  });

  it('finds every resource of every type in every region, once each', () => {
    expect(countByType(run.nodes.values())).toEqual(expectedNodeCounts(estate));
    const emitted = run.edges.length;
    expect(new Set(run.edges.map((edge) => `${edge.from}|${edge.type}|${edge.to}`)).size).toBe(emitted);
  });

  it('gives every node the common fields, and a progress counter for its type', () => {
    for (const found of run.nodes.values()) {
      expect(found).toMatchObject({ provider: 'aws', account: estate.accountId, name: expect.any(String), tags: expect.any(Object) });
      expect(found.type).toMatch(/^aws\.[a-z0-9]+\.[a-z_]+$/);
      expect(awsPlugin.progressKey(found.type)).toEqual(expect.any(String));
      if (found.type.startsWith('aws.iam.')) expect(found.region).toBeUndefined();
      else expect(estate.enabledRegions).toContain(found.region);
    }
  });

  it('draws only edges between resources it discovered', () => {
    const dangling = run.edges.filter((edge) => !run.nodes.has(edge.from) || !run.nodes.has(edge.to));
    expect(dangling).toEqual([]);
    expect(run.edges.length).toBeGreaterThan(run.nodes.size);
  });

  it('places instances, reads their state, and links them to subnet, VPC and security groups', () => {
    for (const region of estate.regions) {
      for (const instance of region.instances) {
        const id = arnOf(estate, region.name, 'instance', instance.id);
        expect(node(id)).toMatchObject({ type: 'aws.ec2.instance', name: instance.tags['Name'], region: region.name, attributes: { state: instance.state, instance_type: instance.type } });
        expect(edges(id, 'in_subnet')).toEqual([arnOf(estate, region.name, 'subnet', instance.subnetId)]);
        expect(edges(id, 'uses').sort()).toEqual(instance.securityGroupIds.map((groupId) => arnOf(estate, region.name, 'security-group', groupId)).sort());
      }
      for (const subnet of region.subnets) expect(edges(arnOf(estate, region.name, 'subnet', subnet.id), 'in_vpc')).toEqual([arnOf(estate, region.name, 'vpc', subnet.vpcId)]);
    }
    const stopped = [...run.nodes.values()].filter((found) => found.type === 'aws.ec2.instance' && found.attributes['state'] === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
  });

  it('reads what the volume rules look at: encryption, attachment, monthly cost', () => {
    for (const region of estate.regions) {
      for (const volume of region.volumes) {
        const id = arnOf(estate, region.name, 'volume', volume.id);
        expect(node(id).attributes).toMatchObject({ encrypted: volume.encrypted, state: volume.attachedTo ? 'in-use' : 'available', size_gb: volume.sizeGb, monthly_cost_usd: expect.any(Number) });
        expect(edges(id, 'attached_to')).toEqual(volume.attachedTo ? [arnOf(estate, region.name, 'instance', volume.attachedTo)] : []);
      }
    }
  });

  it('reports the ports security groups open to the world', () => {
    for (const region of estate.regions) {
      for (const group of region.securityGroups) {
        const open = group.ingress.filter((rule) => rule.cidr === '0.0.0.0/0').map((rule) => rule.from);
        const attributes = node(arnOf(estate, region.name, 'security-group', group.id)).attributes;
        expect(attributes['ingress_open_to_world']).toEqual(open.sort((a, b) => a! - b!));
        // The fixture opens ports to IPv4 addresses only.
        expect([attributes['ingress_open_to_world_ipv4'], attributes['ingress_open_to_world_ipv6']]).toEqual([open, []]);
      }
    }
    const sshOpen = [...run.nodes.values()].filter((found) => found.type === 'aws.ec2.security_group' && (found.attributes['ingress_open_to_world'] as number[]).includes(22));
    expect(sshOpen.length).toBeGreaterThan(0);
  });

  it('reads each bucket from its region: public access block, encryption, versioning, policy status, tags', () => {
    for (const bucket of estate.buckets) {
      const block = bucket.publicAccessBlock;
      const blocked = block !== undefined && block.blockPublicAcls && block.ignorePublicAcls && block.blockPublicPolicy && block.restrictPublicBuckets;
      expect(node(`arn:aws:s3:::${bucket.name}`)).toMatchObject({
        region: bucket.region,
        tags: bucket.tags,
        attributes: {
          public_access_blocked: blocked,
          encrypted: bucket.encryption !== undefined,
          versioning: bucket.versioning ?? 'Disabled',
          policy_public: bucket.policyPublic ?? false,
        },
      });
    }
    const open = [...run.nodes.values()].filter((found) => found.type === 'aws.s3.bucket' && found.attributes['public_access_blocked'] === false);
    expect(open.length).toBeGreaterThan(0);
  });

  it('links IAM: users to groups and access keys, roles and users to their policies', () => {
    const { iam } = estate;
    for (const user of iam.users) {
      expect(node(user.arn).attributes).toMatchObject({ mfa_enabled: user.mfaDevices > 0, console_access: user.consolePassword, groups: user.groups });
      expect(edges(user.arn, 'member_of').sort()).toEqual(user.groups.map((name) => iam.groups.find((group) => group.name === name)!.arn).sort());
      expect(edges(user.arn, 'has_access_key')).toEqual(user.accessKeys.map((key) => `arn:aws:iam::${estate.accountId}:access-key/${key.id}`));
      expect(edges(user.arn, 'has_policy').sort()).toEqual([...user.policyArns].sort());
    }
    for (const role of iam.roles) {
      expect(node(role.arn).attributes['trusted_services']).toEqual([role.trustedService]);
      expect(edges(role.arn, 'has_policy').sort()).toEqual([...role.policyArns].sort());
    }
    const neverUsed = iam.users.flatMap((user) => user.accessKeys).find((key) => !key.lastUsed)!;
    const neverUsedKey = node(`arn:aws:iam::${estate.accountId}:access-key/${neverUsed.id}`).attributes;
    expect(neverUsedKey).toMatchObject({ never_used: true });
    expect(neverUsedKey).not.toHaveProperty('last_used_service');
    expect(node(`arn:aws:iam::${estate.accountId}:account-password-policy`).attributes).toMatchObject({ configured: true, minimum_password_length: 14 });
 
  });

  it('says which policies allow every action on every resource, from the default version of their document', () => {
    const { iam } = estate;
    for (const policy of iam.policies) expect(node(policy.arn).attributes).toMatchObject({ aws_managed: false, grants_admin: policy.grantsAdmin });
    expect(iam.policies.some((policy) => policy.grantsAdmin)).toBe(true);
    for (const policyArn of iam.awsManagedPolicyArns) expect(node(policyArn).attributes['grants_admin']).toBe(policyArn.endsWith(':policy/AdministratorAccess'));
    for (const user of iam.users) expect(node(user.arn).attributes['inline_grants_admin']).toBe(false);
  });

  it('links functions, clusters, databases, load balancers and interfaces to what they use', () => {
    for (const region of estate.regions) {
      for (const fn of region.functions) {
        expect(edges(fn.arn, 'assumes')).toEqual([fn.roleArn]);
        if (fn.vpc) expect(edges(fn.arn, 'in_vpc')).toEqual([arnOf(estate, region.name, 'vpc', fn.vpc.vpcId)]);
      }
      for (const cluster of region.eksClusters) {
        expect(edges(cluster.arn, 'in_vpc')).toEqual([arnOf(estate, region.name, 'vpc', cluster.vpcId)]);
        for (const group of cluster.nodegroups) expect(edges(group.arn, 'part_of')).toEqual([cluster.arn]);
      }
      for (const db of region.dbInstances) expect(edges(db.arn, 'uses')).toEqual(db.securityGroupIds.map((groupId) => arnOf(estate, region.name, 'security-group', groupId)));
      for (const group of region.targetGroups) {
        for (const balancer of group.loadBalancerArns) {
          expect(edges(balancer, 'targets').sort()).toEqual(group.instanceIds.map((instanceId) => arnOf(estate, region.name, 'instance', instanceId)).sort());
        }
      }
      for (const eni of region.networkInterfaces) {
        const attachedTo = edges(arnOf(estate, region.name, 'network-interface', eni.id), 'attached_to');
        if (eni.instanceId) expect(attachedTo).toEqual([arnOf(estate, region.name, 'instance', eni.instanceId)]);
        if (/^ELB (app|net)\//.test(eni.description)) expect(attachedTo).toEqual([region.loadBalancers.find((lb) => eni.description.includes(lb.name))!.arn]);
      }
    }
  });

  it('reads every page of every paginated list (the fixture pages by five)', () => {
    const pages = (operation: string, region: string | undefined, items: number) => {
      const calls = fixture.callsOf(operation).filter((call) => region === undefined || call.region === region);
      expect({ operation, region, calls: calls.length }).toEqual({ operation, region, calls: Math.max(1, Math.ceil(items / PAGE_SIZE)) });
    };
    const home = estate.regions[0]!;
    expect(home.instances.length).toBeGreaterThan(3 * PAGE_SIZE);
    pages('ec2:DescribeInstances', home.name, home.instances.length);
    pages('ec2:DescribeVolumes', home.name, home.volumes.length);
    pages('ec2:DescribeNetworkInterfaces', home.name, home.networkInterfaces.length);
    pages('elbv2:DescribeLoadBalancers', home.name, home.loadBalancers.length);
    pages('rds:DescribeDBInstances', home.name, home.dbInstances.length);
    pages('lambda:ListFunctions', home.name, home.functions.length);
    pages('s3:ListBuckets', undefined, estate.buckets.length);
    const { iam } = estate;
    pages('iam:GetAccountAuthorizationDetails', undefined, iam.users.length + iam.groups.length + iam.roles.length + iam.policies.length);
    pages('iam:ListUsers', undefined, iam.users.length);
    pages('cloudtrail:ListTrails', home.name, estate.regions.reduce((total, region) => total + region.trails.length, 0));
  });

  it('signs every call with the credential (SigV4, its access key id)', () => {
    expect(fixture.requests.length).toBeGreaterThan(300);
    const keys = new Set(fixture.requests.map((request) => request.accessKeyId));
    expect([...keys]).toEqual([FIXTURE_CREDENTIAL.access_key_id]);
    expect(fixture.requests.some((request) => request.sessionToken)).toBe(false);
  });

  it('logs in the style of the jobs API', () => {
    const messages = run.logs.map((line) => line.msg);
    const home = estate.regions[0]!;
    expect(messages[0]).toBe(`Starting AWS plugin for account ${estate.accountId}`);
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^Discovered ${home.instances.length} EC2 instances, ${home.vpcs.length} VPCs, .* in ${home.name}$`)));
    expect(messages).toContain(`Discovered ${estate.buckets.length} S3 buckets`);
    expect(messages).toContainEqual(expect.stringMatching(new RegExp(`^Discovered ${estate.iam.users.length} IAM users, ${estate.iam.roles.length} IAM roles, `)));
    expect(run.logs.filter((line) => line.level !== 'info')).toEqual([]);
  });

  it('reports its progress as service-and-region scans done of those planned', () => {
    const total = run.progress[0]![1];
    // Every regional service in each of the estate's regions, plus the global ones (IAM, S3).
    expect(total).toBeGreaterThan(estate.regions.length);
    expect(run.progress.every(([, of]) => of === total)).toBe(true);
    expect(run.progress.map(([done]) => done)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
  });

  it('reports no secret: not the credential, not a function environment value', () => {
    const everything = JSON.stringify([...run.nodes.values(), run.edges, run.logs]);
    expect(everything).not.toContain(FIXTURE_CREDENTIAL.secret_access_key);
    expect(everything).not.toContain('fixture-not-a-secret');
    const fn = [...run.nodes.values()].find((found) => found.type === 'aws.lambda.function')!;
    expect(fn.attributes['environment_variable_names']).toEqual(['DB_PASSWORD', 'LOG_LEVEL']);
  });

  it('finds the same nodes, with the same ids and content, when run again', async () => {
    const again = await runAwsPlugin({ endpoint_url: fixture.url });
    expect([...again.nodes.keys()].sort()).toEqual([...run.nodes.keys()].sort());
    for (const [id, found] of again.nodes) expect(found).toEqual(run.nodes.get(id));
  });
});
