import { compileRule, RuleCompileError, type RuleOutcome } from './compile-rule';
import type { EvaluationEnvironment, PriceSource } from './evaluation-session';
import { InMemoryGraph, LoadedGraph, MAX_NEIGHBOURS } from './neighbourhood';
import { ruleDocumentSchema, type RuleDocumentInput } from './rule-document';
import type { RuleNode } from './rule-node';

const node = (id: string, type: string, attributes: Record<string, unknown> = {}, extra: Partial<RuleNode> = {}): RuleNode => ({
  id,
  type,
  provider: type.split('.')[0]!,
  name: id,
  account: '123',
  region: 'us-east-1',
  tags: {},
  attributes,
  ...extra,
});

const PRICES: PriceSource = {
  price: (region, key) => {
    const table: Record<string, number> = { 'ebs.gp3.gb_month': 0.08, 'ec2.public_ipv4.hour': 0.005 };
    const usd = table[key];
    return usd === undefined ? undefined : { usd, region: region === 'eu-west-1' ? region : 'us-east-1', approximate: region === 'mars-1' };
  },
};

const environment = (graph: InMemoryGraph | LoadedGraph = new InMemoryGraph()): EvaluationEnvironment => ({
  graph,
  now: new Date('2026-12-01T00:00:00Z'),
  prices: PRICES,
  thresholds: () => ({ cpu_percent: 5, network_mb: 5, lookback_days: 14 }),
});

const rule = (overrides: Partial<RuleDocumentInput>) =>
  compileRule(
    ruleDocumentSchema.parse({
      id: 'test-rule',
      title: 'Test rule',
      severity: 'high',
      kind: 'compliance',
      resource_types: ['aws.ec2.volume'],
      condition: 'true',
      remediation: 'Fix it.',
      ...overrides,
    }),
    { source: 'builtin', pack: 'test' },
  );

const verdict = (outcome: RuleOutcome) => outcome.kind;

describe('a compiled rule', () => {
  it('judges a node on its attributes, tags and fields', () => {
    const unencrypted = rule({ condition: 'node.attributes.encrypted == false && node.tags.env == "prod" && node.region == "us-east-1"' });
    expect(verdict(unencrypted.evaluate(node('v', 'aws.ec2.volume', { encrypted: false }, { tags: { env: 'prod' } }), environment()))).toBe('violated');
    expect(verdict(unencrypted.evaluate(node('v', 'aws.ec2.volume', { encrypted: true }, { tags: { env: 'prod' } }), environment()))).toBe('compliant');
  });

  it('does not judge a node without the attribute it reads', () => {
    const outcome = rule({ condition: 'node.attributes.encrypted == false' }).evaluate(node('v', 'aws.ec2.volume'), environment());
    expect(outcome).toEqual({ kind: 'not_applicable', missing: 'encrypted' });
  });

  it('applies to the resource types its patterns cover', () => {
    const compiled = rule({ resource_types: ['aws.ec2.volume', 'kubernetes.*'] });
    expect([compiled.appliesTo('aws.ec2.volume'), compiled.appliesTo('kubernetes.pod'), compiled.appliesTo('aws.ec2.instance'), compiled.appliesTo('demo.ec2.volume')]).toEqual([true, true, false, false]);
    expect(rule({ resource_types: ['*'] }).appliesTo('anything.at.all')).toBe(true);
  });

  it('prices a cost finding from the price table and the node', () => {
    const unattached = rule({
      kind: 'cost',
      condition: 'node.incomingCount("attached_to") == 0 && node.outgoingCount("attached_to") == 0',
      savings: 'node.attributes.size_gb * price("ebs." + node.attributes.volume_type + ".gb_month")',
      reason: '"unattached " + string(node.attributes.size_gb) + " GiB volume"',
    });
    const volume = node('v', 'aws.ec2.volume', { size_gb: 100, volume_type: 'gp3' });
    expect(unattached.evaluate(volume, environment(new InMemoryGraph([volume])))).toEqual({ kind: 'violated', reason: 'unattached 100 GiB volume', savingsUsd: 8 });
    const unknownPrice = node('v', 'aws.ec2.volume', { size_gb: 100, volume_type: 'io9' });
    expect(unattached.evaluate(unknownPrice, environment(new InMemoryGraph([unknownPrice])))).toMatchObject({
      kind: 'violated',
      savingsUsd: null,
      savingsError: 'the price table has no price "ebs.io9.gb_month"',
    });
    const elsewhere = node('v', 'aws.ec2.volume', { size_gb: 10, volume_type: 'gp3' }, { region: 'mars-1' });
    expect(unattached.evaluate(elsewhere, environment(new InMemoryGraph([elsewhere])))).toMatchObject({ savingsUsd: 0.8, approximateSavings: true });
  });

  describe('walks the graph in one condition', () => {
    const vpc = node('vpc', 'aws.ec2.vpc');
    const publicSubnet = node('subnet-pub', 'aws.ec2.subnet');
    const privateSubnet = node('subnet-priv', 'aws.ec2.subnet');
    const igw = node('igw', 'aws.ec2.internet_gateway');
    const nat = node('nat', 'aws.ec2.nat_gateway');
    const unusedNat = node('nat-unused', 'aws.ec2.nat_gateway');
    const publicRoutes = node('rtb-pub', 'aws.ec2.route_table', { routes_to_internet: true });
    const privateRoutes = node('rtb-priv', 'aws.ec2.route_table', { routes_to_internet: false });
    const sshOpen = node('sg-ssh', 'aws.ec2.security_group', { ingress_open_to_world: [22, 443] });
    const webOnly = node('sg-web', 'aws.ec2.security_group', { ingress_open_to_world: [443] });
    const unusedGroup = node('sg-unused', 'aws.ec2.security_group', { ingress_open_to_world: [] });
    const exposed = node('i-exposed', 'aws.ec2.instance');
    const inPrivate = node('i-private', 'aws.ec2.instance');
    const webServer = node('i-web', 'aws.ec2.instance');
    const admin = node('p-admin', 'aws.iam.policy', { grants_admin: true });
    const lambdaRole = node('role-fn', 'aws.iam.role');
    const idleAdminRole = node('role-idle', 'aws.iam.role');
    const fn = node('fn', 'aws.lambda.function');
    const graph = new InMemoryGraph(
      [vpc, publicSubnet, privateSubnet, igw, nat, unusedNat, publicRoutes, privateRoutes, sshOpen, webOnly, unusedGroup, exposed, inPrivate, webServer, admin, lambdaRole, idleAdminRole, fn],
      [
        { from: publicRoutes.id, type: 'associated_with', to: publicSubnet.id },
        { from: publicRoutes.id, type: 'routes_to', to: igw.id },
        { from: privateRoutes.id, type: 'associated_with', to: privateSubnet.id },
        { from: privateRoutes.id, type: 'routes_to', to: nat.id },
        { from: nat.id, type: 'in_vpc', to: vpc.id },
        { from: unusedNat.id, type: 'in_vpc', to: vpc.id },
        { from: exposed.id, type: 'in_subnet', to: publicSubnet.id },
        { from: exposed.id, type: 'uses', to: sshOpen.id },
        { from: webServer.id, type: 'in_subnet', to: publicSubnet.id },
        { from: webServer.id, type: 'uses', to: webOnly.id },
        { from: inPrivate.id, type: 'in_subnet', to: privateSubnet.id },
        { from: inPrivate.id, type: 'uses', to: sshOpen.id },
        { from: lambdaRole.id, type: 'has_policy', to: admin.id },
        { from: idleAdminRole.id, type: 'has_policy', to: admin.id },
        { from: fn.id, type: 'assumes', to: lambdaRole.id },
      ],
    );
    const judge = (condition: string, types: string[], subjects: RuleNode[]) =>
      subjects.map((subject) => [subject.id, verdict(rule({ condition, resource_types: types }).evaluate(subject, environment(graph)))]);

    it('an instance in a subnet routed to an internet gateway, with SSH or RDP open to the world', () => {
      const condition =
        'node.outgoing("in_subnet").exists(s, s.incoming("associated_with").exists(rt, rt.outgoing("routes_to").exists(g, g.type == "aws.ec2.internet_gateway"))) && ' +
        'node.outgoing("uses").exists(sg, sg.attributes.ingress_open_to_world.exists(p, p == 22 || p == 3389))';
      expect(judge(condition, ['aws.ec2.instance'], [exposed, inPrivate, webServer])).toEqual([
        ['i-exposed', 'violated'],
        ['i-private', 'compliant'],
        ['i-web', 'compliant'],
      ]);
    });

    it('a security group no instance, interface or load balancer uses; a NAT gateway no private subnet routes to', () => {
      expect(judge('node.incomingCount("uses") == 0', ['aws.ec2.security_group'], [sshOpen, unusedGroup])).toEqual([
        ['sg-ssh', 'compliant'],
        ['sg-unused', 'violated'],
      ]);
      expect(judge('!node.incoming("routes_to").exists(rt, rt.outgoingCount("associated_with") > 0)', ['aws.ec2.nat_gateway'], [nat, unusedNat])).toEqual([
        ['nat', 'compliant'],
        ['nat-unused', 'violated'],
      ]);
    });

    it('an IAM role with an administrator policy that a Lambda function assumes', () => {
      const condition = 'node.outgoing("has_policy").exists(p, p.attributes.grants_admin == true) && node.incoming("assumes").exists(f, f.type == "aws.lambda.function")';
      expect(judge(condition, ['aws.iam.role'], [lambdaRole, idleAdminRole])).toEqual([
        ['role-fn', 'violated'],
        ['role-idle', 'compliant'],
      ]);
    });

    it('stops at three hops from the node it judges', () => {
      const fourHops = 'node.outgoing("in_subnet").exists(s, s.incoming("associated_with").exists(rt, rt.outgoing("routes_to").exists(g, g.outgoing("in_vpc").size() > 0)))';
      expect(rule({ condition: fourHops, resource_types: ['aws.ec2.instance'] }).evaluate(exposed, environment(graph))).toEqual({
        kind: 'error',
        message: 'a rule walks at most 3 hops from the node it judges',
      });
    });

    it('asks for the edges it needs when they are not loaded, and judges once they are', () => {
      const loaded = new LoadedGraph();
      const compiled = rule({ condition: 'node.outgoing("uses").exists(sg, sg.attributes.ingress_open_to_world.exists(p, p == 22))', resource_types: ['aws.ec2.instance'] });
      const first = compiled.evaluate(exposed, environment(loaded));
      expect(first).toEqual({ kind: 'pending', requests: [{ nodeId: 'i-exposed', direction: 'out', edgeType: 'uses' }] });
      loaded.set({ nodeId: 'i-exposed', direction: 'out', edgeType: 'uses' }, { nodes: [sshOpen], total: 1 });
      expect(verdict(compiled.evaluate(exposed, environment(loaded)))).toBe('violated');
    });

    it("asks for every neighbour's edges it walks in one round, so a rule needs a round per hop, not per neighbour", () => {
      const subnet = node('subnet-1', 'aws.ec2.subnet', { public: true });
      const instances = ['i-1', 'i-2', 'i-3'].map((id) => node(id, 'aws.ec2.instance'));
      const compiled = rule({
        condition: 'node.attributes.public == true && node.incoming("in_subnet").exists(i, i.outgoing("uses").exists(g, g.attributes.ingress_open_to_world.exists(p, p == 22)))',
        resource_types: ['aws.ec2.subnet'],
      });
      const loaded = new LoadedGraph();
      expect(compiled.evaluate(subnet, environment(loaded))).toEqual({ kind: 'pending', requests: [{ nodeId: 'subnet-1', direction: 'in', edgeType: 'in_subnet' }] });
      loaded.set({ nodeId: 'subnet-1', direction: 'in', edgeType: 'in_subnet' }, { nodes: instances, total: 3 });
      // Every instance's security groups at once (none of them is loaded, none is open so far).
      expect(compiled.evaluate(subnet, environment(loaded))).toEqual({
        kind: 'pending',
        requests: instances.map((instance) => ({ nodeId: instance.id, direction: 'out', edgeType: 'uses' })),
      });
      for (const instance of instances) loaded.set({ nodeId: instance.id, direction: 'out', edgeType: 'uses' }, { nodes: instance.id === 'i-3' ? [sshOpen] : [], total: instance.id === 'i-3' ? 1 : 0 });
      expect(verdict(compiled.evaluate(subnet, environment(loaded)))).toBe('violated');
    });

    it('is pending, not in error, when what it concluded without the missing edges would fail', () => {
      const compiled = rule({ condition: 'node.outgoing("uses")[0].attributes.ingress_open_to_world.size() > 0', resource_types: ['aws.ec2.instance'] });
      expect(compiled.evaluate(exposed, environment(new LoadedGraph()))).toEqual({ kind: 'pending', requests: [{ nodeId: 'i-exposed', direction: 'out', edgeType: 'uses' }] });
    });

    it('refuses graph functions on anything but a node', () => {
      expect(rule({ condition: '{"id": "i-exposed"}.outgoing("uses").size() > 0' }).evaluate(exposed, environment(graph))).toMatchObject({
        kind: 'error',
        message: expect.stringContaining('outgoing() is called on a node'),
      });
    });
  });

  it('counts every neighbour but hands out at most the cap', () => {
    const hub = node('vpc', 'aws.ec2.vpc');
    const members = Array.from({ length: MAX_NEIGHBOURS + 20 }, (_, n) => node(`i-${n}`, 'aws.ec2.instance'));
    const graph = new InMemoryGraph([hub, ...members], members.map((member) => ({ from: member.id, type: 'in_vpc', to: hub.id })));
    const sizes = rule({ condition: 'size(node.incoming("in_vpc")) == 500 && node.incomingCount("in_vpc") == 520', resource_types: ['aws.ec2.vpc'] });
    expect(verdict(sizes.evaluate(hub, environment(graph)))).toBe('violated');
  });

  it('knows the time and the tenant thresholds', () => {
    const old = rule({ condition: 'ageDays(node.attributes.created) > 90.0 && policy.cpu_percent == 5.0', resource_types: ['aws.iam.access_key'] });
    expect(verdict(old.evaluate(node('k', 'aws.iam.access_key', { created: '2026-01-01T00:00:00Z' }), environment()))).toBe('violated');
    expect(verdict(old.evaluate(node('k', 'aws.iam.access_key', { created: '2026-11-20T00:00:00Z' }), environment()))).toBe('compliant');
  });

  it('reports a run-time error on the rule instead of throwing', () => {
    expect(rule({ condition: 'node.attributes.size_gb + 1 > 2' }).evaluate(node('v', 'aws.ec2.volume', { size_gb: 3 }), environment())).toMatchObject({ kind: 'error' });
  });

  describe('compiling', () => {
    const compileError = (overrides: Partial<RuleDocumentInput>) => {
      try {
        rule(overrides);
      } catch (error) {
        return error instanceof RuleCompileError ? [error.field, error.detail.split('\n')[0]] : error;
      }
      return undefined;
    };

    it('refuses what does not parse or type-check, pointing at the expression', () => {
      expect(compileError({ condition: 'node.attributes.x ==' })).toEqual(['condition', 'Unexpected token: EOF']);
      expect(compileError({ condition: 'nodes.attributes.x' })).toEqual(['condition', 'Unknown variable: nodes']);
      expect(compileError({ condition: 'node.outgoing(1).size() > 0' })).toEqual(['condition', "found no matching overload for 'map.outgoing(int)'"]);
      expect(compileError({ condition: '"yes"' })).toEqual(['condition', 'must be bool, not string']);
      expect(compileError({ kind: 'cost', savings: '"free"' })).toEqual(['savings', 'must be double, not string']);
    });

    it('refuses comprehensions nested deeper than the cost limit allows', () => {
      const deep = 'node.attributes.a.exists(a, node.attributes.a.exists(b, node.attributes.a.exists(c, node.attributes.a.exists(d, a == d))))';
      expect(compileError({ condition: deep })).toEqual(['condition', 'comprehensions (exists, all, map, filter) nest 4 deep; at most 3 are allowed']);
    });
  });
});
