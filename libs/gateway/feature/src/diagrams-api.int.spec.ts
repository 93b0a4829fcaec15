import { awsGraph, allElements, decodePng, distinctColours, parseXml, type XmlElement } from '@strata/diagrams-domain/testing';
import { jobScopeDiagramPng } from '@strata/diagrams-api';
import type { GraphEdge, GraphNode } from '@strata/diagrams-domain';
import type { EdgeRecord, InventoryNode } from '@strata/inventory-domain';
import { edgesCollection, nodeDocument, nodesCollection } from '@strata/inventory-feature';
import { openApiProblems } from '@strata/platform-http';
import { DemoEstate } from '@strata/plugins-demo';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const ACME = 'acme-diagrams';
const GLOBEX = 'globex-diagrams';
const AT = '2026-11-20T10:00:00.000Z';
const ACCOUNT = '123456789012';

function inventoryNode(node: GraphNode, provider: string, status: 'active' | 'removed' = 'active'): InventoryNode {
  return {
    id: node.id, type: node.type, provider, name: node.name, ...(node.account ? { account: node.account } : {}), ...(node.region ? { region: node.region } : {}),
    tags: {}, attributes: node.attributes, status, scope: `${provider}:${node.account ?? 'x'}`, first_seen: AT, last_seen: AT, removed_at: null,
    first_seen_job: 'job-0', last_seen_job: 'job-0', last_changed_job: 'job-0', removed_in_job: status === 'removed' ? 'job-x' : null, updated_in_job: null, content_hash: 'h',
  } as unknown as InventoryNode;
}
const edgeRecord = (edge: GraphEdge, status: 'active' | 'removed' = 'active'): { id: string; doc: EdgeRecord } => ({
  id: `${edge.from}|${edge.type}|${edge.to}`,
  doc: { from: edge.from, to: edge.to, type: edge.type, status, first_seen: AT, last_seen: AT, removed_at: null, first_seen_job: 'job-0', last_seen_job: 'job-0', removed_in_job: null } as unknown as EdgeRecord,
});

const k8s = (name: string, type: string, attributes: Record<string, unknown> = {}): GraphNode => {
  const [namespace, object] = name.split('/');
  return { id: `k8s:prod:${type}:${name}`, type, name, account: 'prod', attributes: { cluster: 'prod', namespace, object_name: object, ...attributes } };
};
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://10.0.0.1:6443"}\n';
const K8S = [
  k8s('shop/web', 'kubernetes.deployment', { template_labels: { app: 'web' } }),
  k8s('shop/web', 'kubernetes.service', { selector: { app: 'web' } }),
  k8s('shop/public', 'kubernetes.ingress', { backend_services: ['web'] }),
  k8s('ops/agent', 'kubernetes.daemonset'),
];

interface Shape {
  kind: string;
  parent: string | undefined;
  x: number;
  y: number;
  width: number;
  height: number;
}

function shapesOf(svg: string): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const element of allElements(parseXml(svg))) {
    if (element.name !== 'g' || !['box', 'item'].includes(element.attributes['class'] ?? '')) continue;
    const rect = element.children.find((child: XmlElement) => child.name === 'rect')!;
    const n = (key: string) => Number(rect.attributes[key]);
    shapes.set(element.attributes['data-id']!, { kind: element.attributes['data-kind']!, parent: element.attributes['data-parent'], x: n('x'), y: n('y'), width: n('width'), height: n('height') });
  }
  return shapes;
}
const inside = (a: Shape, b: Shape) => a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width + 0.1 && a.y + a.height <= b.y + b.height + 0.1;

describe('Diagrams API through the gateway (graph seeded in SQLite through the owners\' collections)', () => {
  let harness: GatewayHarness;
  let reader: string;
  let jobsOnly: string;
  let globexReader: string;
  let awsJob: string;
  let demoJob: string;
  let k8sJob: string;
  let globexJob: string;

  const raw = async (url: string, bearer = reader) => {
    const response = await harness.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${bearer}` } });
    return { status: response.statusCode, type: String(response.headers['content-type']), body: response.rawPayload, json: () => JSON.parse(response.body) as { error: string; code: string } };
  };
  const waitForJob = async (tenant: string, id: string, bearer: string) => {
    for (let attempt = 0; attempt < 200; attempt++) {
      if ((await harness.call('GET', `/api/v1/tenants/${tenant}/jobs/${id}`, bearer)).status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`job ${id} never appeared`);
  };

  beforeAll(async () => {
    harness = await startGatewayHarness('diagramsgw');
    const { admin, readStore } = harness;
    const post = (url: string, body: unknown, bearer = admin) => harness.call('POST', url, bearer, body);
    for (const id of [ACME, GLOBEX]) expect((await post('/api/v1/tenants', { id, name: id })).status).toBe(201);
    reader = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'ui', permissions: ['nodes:read', 'jobs:read', 'jobs:create'] })).body['token']);
    jobsOnly = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'jobs', permissions: ['jobs:read'] })).body['token']);
    globexReader = String((await post(`/api/v1/tenants/${GLOBEX}/tokens`, { name: 'ui', permissions: ['nodes:read', 'jobs:read', 'jobs:create'] })).body['token']);

    const east = awsGraph({ vpcs: 2, instancesPerSubnet: 3 });
    const west = awsGraph({ region: 'eu-west-1', vpcs: 1, instancesPerSubnet: 45 });
    const removed = inventoryNode({ id: 'arn:aws:ec2:us-east-1:123456789012:instance/i-gone', type: 'aws.ec2.instance', name: 'gone-instance', account: ACCOUNT, region: 'us-east-1', attributes: {} }, 'aws', 'removed');
    const estate = new DemoEstate(300, 'diagrams');
    const demoNodes = Array.from({ length: 300 }, (_, i) => estate.node(i)).filter((n) => n !== undefined);
    const demoEdges = Array.from({ length: 300 }, (_, i) => estate.edges(i)).flat();
    const nodes = [
      ...[...east.nodes, ...west.nodes].map((n) => inventoryNode(n, 'aws')),
      removed,
      ...K8S.map((n) => inventoryNode(n, 'kubernetes')),
      ...demoNodes.map((n) => inventoryNode({ ...n, attributes: n.attributes ?? {} } as GraphNode, 'demo')),
    ];
    await readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert(nodes.map((n) => ({ id: n.id, doc: nodeDocument(n) })));
    const edges = [...east.edges, ...west.edges, ...demoEdges, { from: K8S[2]!.id, to: K8S[1]!.id, type: 'routes_to' }].map((e) => edgeRecord(e));
    await readStore.collection(edgesCollection).forTenant(ACME).bulkUpsert(edges);
    const theirs = inventoryNode({ id: 'arn:aws:ec2:us-east-1:999999999999:vpc/vpc-globex', type: 'aws.ec2.vpc', name: 'globex-secret-vpc', account: '999999999999', region: 'us-east-1', attributes: {} }, 'aws');
    await readStore.collection(nodesCollection).forTenant(GLOBEX).bulkUpsert([{ id: theirs.id, doc: nodeDocument(theirs) }]);

    for (const [tenant, bearer] of [[ACME, reader], [GLOBEX, globexReader]] as const) {
      expect((await post(`/api/v1/tenants/${tenant}/credentials`, { id: 'cred-aws', kind: 'aws', name: 'AWS', secret: { access_key_id: 'AKIAFIXTURE000000001', secret_access_key: 'fixture-secret' } })).status).toBe(201);
      expect((await post(`/api/v1/tenants/${tenant}/credentials`, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
      void bearer;
    }
    const created = await post(`/api/v1/tenants/${ACME}/jobs`, { name: 'nightly aws', plugins: ['aws'], credential_id: 'cred-aws', config: { account_id: ACCOUNT, regions: ['us-east-1'] } }, reader);
    expect(created.status).toBe(201);
    awsJob = String(created.body['id']);
    demoJob = String((await post(`/api/v1/tenants/${ACME}/jobs`, { name: 'demo', plugins: ['demo'], credential_id: 'cred-demo', config: { size: 300 } }, reader)).body['id']);
    expect((await post(`/api/v1/tenants/${ACME}/credentials`, { id: 'cred-k8s', kind: 'kubernetes', name: 'prod', secret: { kubeconfig: KUBECONFIG } })).status).toBe(201);
    k8sJob = String((await post(`/api/v1/tenants/${ACME}/jobs`, { name: 'k8s', plugins: ['kubernetes'], credential_id: 'cred-k8s', config: { cluster_name: 'prod', namespaces: ['shop'] } }, reader)).body['id']);
    globexJob = String((await post(`/api/v1/tenants/${GLOBEX}/jobs`, { name: 'theirs', plugins: ['aws'], credential_id: 'cred-aws', config: { account_id: '999999999999' } }, globexReader)).body['id']);
    await waitForJob(ACME, awsJob, reader);
    await waitForJob(ACME, demoJob, reader);
    await waitForJob(ACME, k8sJob, reader);
    await waitForJob(GLOBEX, globexJob, globexReader);
  });

  afterAll(() => harness?.close());

  it('draws an AWS account and region as SVG: subnets inside their VPC, instances inside their subnet', async () => {
    const { status, type, body } = await raw(`/api/v1/tenants/${ACME}/diagrams/aws?account=${ACCOUNT}&region=us-east-1`);
    expect(status).toBe(200);
    expect(type).toMatch(/^image\/svg\+xml/);
    const svg = body.toString('utf8');
    const shapes = shapesOf(svg);
    const subnets = [...shapes.entries()].filter(([, s]) => s.kind.endsWith('_subnet'));
    expect(subnets.map(([, s]) => s.kind).sort()).toEqual(['private_subnet', 'private_subnet', 'public_subnet', 'public_subnet']);
    for (const [, subnet] of subnets) expect(inside(subnet, shapes.get(subnet.parent!)!)).toBe(true);
    const instances = [...shapes.values()].filter((s) => s.kind === 'EC2 instance');
    expect(instances).toHaveLength(6);
    for (const instance of instances) expect(inside(instance, shapes.get(instance.parent!)!)).toBe(true);
    // Only the region asked for, no removed node, no other tenant's; S3 and IAM beside it.
    expect(svg).not.toContain('eu-west-1');
    expect(svg).not.toContain('gone-instance');
    expect(svg).not.toContain('globex');
    expect([...shapes.values()].filter((s) => s.kind === 'global')).toHaveLength(1);
  });

  it('draws the same as a PNG of the expected size that is not one colour', async () => {
    const svg = await raw(`/api/v1/tenants/${ACME}/diagrams/aws?account=${ACCOUNT}&region=us-east-1`);
    const { status, type, body } = await raw(`/api/v1/tenants/${ACME}/diagrams/aws?account=${ACCOUNT}&region=us-east-1&format=png`);
    expect(status).toBe(200);
    expect(type).toBe('image/png');
    const root = parseXml(svg.body.toString('utf8'));
    const png = decodePng(body);
    expect([png.width, png.height]).toEqual([Number(root.attributes['width']), Number(root.attributes['height'])]);
    expect(distinctColours(png)).toBeGreaterThan(10);
  });

  it('collapses past 40 instances in a subnet into one counted item', async () => {
    const svg = (await raw(`/api/v1/tenants/${ACME}/diagrams/aws?region=eu-west-1`)).body.toString('utf8');
    const counted = allElements(parseXml(svg)).filter((e) => e.name === 'g' && e.attributes['data-count'] !== undefined);
    expect(counted.map((e) => [e.attributes['data-kind'], e.attributes['data-count']])).toEqual([['EC2 instance', '45']]);
  });

  it('draws a Kubernetes cluster: namespaces with workloads, services, ingresses and their routes; one namespace on request', async () => {
    const all = (await raw(`/api/v1/tenants/${ACME}/diagrams/kubernetes?cluster=prod`)).body.toString('utf8');
    const shapes = shapesOf(all);
    expect([...shapes.entries()].filter(([, s]) => s.kind === 'namespace').map(([id]) => id).sort()).toEqual(['namespace:prod:ops', 'namespace:prod:shop']);
    for (const node of K8S) expect(inside(shapes.get(node.id)!, shapes.get(shapes.get(node.id)!.parent!)!)).toBe(true);
    const edgeKinds = allElements(parseXml(all)).filter((e) => e.attributes['class'] === 'edge').map((e) => e.attributes['data-kind']).sort();
    expect(edgeKinds).toEqual(['routes_to', 'selects']);
    const one = shapesOf((await raw(`/api/v1/tenants/${ACME}/diagrams/kubernetes?cluster=prod&namespace=ops&format=svg`)).body.toString('utf8'));
    expect([...one.values()].filter((s) => s.kind === 'namespace')).toHaveLength(1);
    expect((await raw(`/api/v1/tenants/${ACME}/diagrams/kubernetes?cluster=prod&format=png`)).type).toBe('image/png');
  });

  it('answers an empty selection with an empty diagram that says so', async () => {
    const { status, body } = await raw(`/api/v1/tenants/${ACME}/diagrams/aws?account=000011112222`);
    expect(status).toBe(200);
    const texts = allElements(parseXml(body.toString('utf8'))).filter((e) => e.name === 'text').map((e) => e.text);
    expect(texts.join(' ')).toContain('Nothing to draw: no active AWS resources in AWS · account 000011112222');
    const k8sEmpty = await raw(`/api/v1/tenants/${ACME}/diagrams/kubernetes?cluster=nope&format=png`);
    expect(k8sEmpty.status).toBe(200);
    expect(decodePng(k8sEmpty.body).width).toBeGreaterThan(0);
  });

  it("draws a job's scope: an aws job's account and regions, a demo job's estate, a kubernetes job's namespaces", async () => {
    const aws = await raw(`/api/v1/tenants/${ACME}/jobs/${awsJob}/diagram`);
    expect(aws.status).toBe(200);
    const svg = aws.body.toString('utf8');
    expect(svg).toContain('us-east-1 · account 123456789012');
    expect(svg).not.toContain('eu-west-1');
    const demo = await raw(`/api/v1/tenants/${ACME}/jobs/${demoJob}/diagram?format=svg`);
    const demoShapes = shapesOf(demo.body.toString('utf8'));
    expect([...demoShapes.values()].filter((s) => s.kind === 'vpc').length).toBeGreaterThan(0);
    for (const shape of demoShapes.values()) if (shape.kind === 'EC2 instance' && shape.parent) expect(inside(shape, demoShapes.get(shape.parent)!)).toBe(true);
    // A kubernetes job: its cluster and namespaces.
    const k8sShapes = shapesOf((await raw(`/api/v1/tenants/${ACME}/jobs/${k8sJob}/diagram`)).body.toString('utf8'));
    expect([...k8sShapes.entries()].filter(([, s]) => s.kind === 'namespace').map(([id]) => id)).toEqual(['namespace:prod:shop']);
    const png = await jobScopeDiagramPng(harness.readStore, ACME, awsJob);
    expect(decodePng(png.png)).toMatchObject({ width: png.width, height: png.height });
  });

  it.each([
    ['an unknown format', `/api/v1/tenants/${ACME}/diagrams/aws?format=gif`, 400, 'validation_error'],
    ['an unknown parameter', `/api/v1/tenants/${ACME}/diagrams/aws?acount=1`, 400, 'validation_error'],
    ['a malformed region', `/api/v1/tenants/${ACME}/diagrams/aws?region=US%20EAST`, 400, 'validation_error'],
    ['a malformed account', `/api/v1/tenants/${ACME}/diagrams/aws?account=%3Cx%3E`, 400, 'validation_error'],
    ['a malformed namespace', `/api/v1/tenants/${ACME}/diagrams/kubernetes?namespace=Not_A_Namespace`, 400, 'validation_error'],
    ['an unknown kubernetes parameter', `/api/v1/tenants/${ACME}/diagrams/kubernetes?region=x`, 400, 'validation_error'],
    ['a bad job diagram format', `/api/v1/tenants/${ACME}/jobs/JOBID/diagram?format=pdf`, 400, 'validation_error'],
    ['an unknown job', `/api/v1/tenants/${ACME}/jobs/job-nope/diagram`, 404, 'job_not_found'],
    ['another tenant\'s job', `/api/v1/tenants/${ACME}/jobs/GLOBEXJOB/diagram`, 404, 'job_not_found'],
    ['an unknown tenant (aws)', '/api/v1/tenants/nobody/diagrams/aws', 404, 'tenant_not_found'],
    ['an unknown tenant (kubernetes)', '/api/v1/tenants/nobody/diagrams/kubernetes', 404, 'tenant_not_found'],
    ['an unknown tenant (job)', '/api/v1/tenants/nobody/jobs/JOBID/diagram', 404, 'tenant_not_found'],
  ])('answers %s with the error envelope', async (_what, url, status, code) => {
    // The platform admin's token may address any tenant: an unknown one is a 404, not a 403.
    const response = await raw(url.replace('JOBID', awsJob).replace('GLOBEXJOB', globexJob), url.includes('/nobody/') ? harness.admin : reader);
    expect(response.status).toBe(status);
    expect(response.type).toMatch(/^application\/json/);
    expect(response.json()).toMatchObject({ error: expect.any(String), code });
  });

  it("refuses another tenant's token on every route, and a token without nodes:read", async () => {
    for (const url of [`/api/v1/tenants/${ACME}/diagrams/aws`, `/api/v1/tenants/${ACME}/diagrams/kubernetes`, `/api/v1/tenants/${ACME}/jobs/${awsJob}/diagram`]) {
      const theirs = await raw(url, globexReader);
      // The platform's rule: a token never acts in another tenant (403); another tenant's ids are 404 (above).
      expect(theirs.status).toBe(403);
      expect(theirs.json()).toMatchObject({ code: 'forbidden' });
      expect(theirs.body.toString()).not.toContain('<svg');
      expect((await raw(url, jobsOnly)).status).toBe(403);
    }
    // Globex's own diagram shows only its own VPC.
    const own = (await raw(`/api/v1/tenants/${GLOBEX}/jobs/${globexJob}/diagram`, globexReader)).body.toString('utf8');
    expect(own).toContain('globex-secret-vpc');
    expect(own).not.toContain('vpc-0');
  });

  it('documents the three routes in a valid OpenAPI document', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(openApiProblems(document)).toEqual([]);
    expect(document.paths['/api/v1/tenants/{tenantID}/diagrams/aws']?.['get']?.operationId).toBe('getAwsDiagram');
    expect(document.paths['/api/v1/tenants/{tenantID}/diagrams/kubernetes']?.['get']?.operationId).toBe('getKubernetesDiagram');
    expect(document.paths['/api/v1/tenants/{tenantID}/jobs/{jobID}/diagram']?.['get']?.operationId).toBe('getJobDiagram');
  });
});
