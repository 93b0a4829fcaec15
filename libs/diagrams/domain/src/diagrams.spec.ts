import { buildAwsDiagram } from './aws/aws-diagram';
import { drawDiagram } from './draw-diagram';
import { awsGraph } from './fixtures/aws-graph';
import { allElements, parseXml, type XmlElement } from './fixtures/strict-xml';
import { buildKubernetesDiagram } from './kubernetes/kubernetes-diagram';
import { collapseDiagram, COLLAPSE_PAST, shapeCount } from './model/collapse';
import type { DiagramBox, DiagramModel } from './model/diagram-model';
import type { GraphNode } from './model/graph-input';
import { escapeXml } from './render/svg-text';

const OPTIONS = { title: 'AWS', emptyNote: 'Nothing to draw: no AWS resources.' };

interface Shape {
  id: string;
  kind: string;
  parent: string | undefined;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes and items of a drawn SVG, by id, with their rectangle (the first `rect` of each group). */
function shapesOf(svg: string): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const element of allElements(parseXml(svg))) {
    if (element.name !== 'g' || (element.attributes['class'] !== 'box' && element.attributes['class'] !== 'item')) continue;
    const rect = element.children.find((child: XmlElement) => child.name === 'rect')!;
    shapes.set(element.attributes['data-id']!, {
      id: element.attributes['data-id']!,
      kind: element.attributes['data-kind']!,
      parent: element.attributes['data-parent'],
      x: Number(rect.attributes['x']),
      y: Number(rect.attributes['y']),
      width: Number(rect.attributes['width']),
      height: Number(rect.attributes['height']),
    });
  }
  return shapes;
}

const inside = (inner: Shape, outer: Shape): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width + 0.1 && inner.y + inner.height <= outer.y + outer.height + 0.1;

const box = (model: DiagramModel, id: string): DiagramBox | undefined => {
  const walk = (boxes: DiagramBox[]): DiagramBox | undefined => {
    for (const b of boxes) {
      if (b.id === id) return b;
      const found = walk(b.boxes);
      if (found) return found;
    }
    return undefined;
  };
  return walk(model.boxes);
};

describe('AWS diagram model', () => {
  const graph = awsGraph();
  const model = buildAwsDiagram(graph, OPTIONS);
  const vpc0 = 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0';

  it('frames the region, puts subnets in their VPC and resources in their subnet, public and private told apart', () => {
    const frame = box(model, 'region:123456789012:us-east-1')!;
    expect(frame.boxes.map((b) => b.kind)).toEqual(['vpc', 'vpc']);
    const vpc = box(model, vpc0)!;
    expect(vpc.boxes.map((b) => [b.kind, b.label])).toEqual([
      ['private_subnet', 'Private subnet private-0'],
      ['public_subnet', 'Public subnet public-0'],
    ]);
    expect(vpc.items.map((i) => [i.glyph, i.onEdge ?? false])).toEqual(
      expect.arrayContaining([
        ['internet_gateway', true],
        ['security_group', false],
      ]),
    );
    const priv = vpc.boxes[0]!;
    expect(priv.items.map((i) => i.glyph).sort()).toEqual(['database', 'function', 'instance', 'instance', 'instance']);
    expect(vpc.boxes[1]!.items.map((i) => i.glyph).sort()).toEqual(['load_balancer', 'nat_gateway']);
    // S3 and IAM beside the region; the volume is not drawn.
    expect(box(model, 'global:123456789012')!.items.map((i) => i.kind)).toEqual(['IAM role', 'S3 bucket']);
    expect(JSON.stringify(model)).not.toContain('vol-1');
  });

  it('draws load balancer → target and instance → security group edges', () => {
    const kinds = model.edges.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'targets')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'uses')).toHaveLength(6);
  });

  it("warns of a security group's ports open to the world", async () => {
    const { nodes, edges } = awsGraph({ vpcs: 1, instancesPerSubnet: 1 });
    const open = nodes.map((n) => (n.type === 'aws.ec2.security_group' ? { ...n, attributes: { ingress_open_to_world: [22, 3389] } } : n));
    const drawn = await drawDiagram(buildAwsDiagram({ nodes: open, edges }, OPTIONS));
    const warnings = allElements(parseXml(drawn.svg)).filter((e) => e.attributes['class'] === 'warning').map((e) => e.text);
    expect(warnings).toEqual(['open: 22, 3389']);
    // The full name and kind, uncapped, as the item's tooltip.
    expect(allElements(parseXml(drawn.svg)).filter((e) => e.name === 'title').map((e) => e.text)).toContain('app-0 (security group, open to the world: 22, 3389)');
  });

  it('says so when there is nothing to draw', async () => {
    const empty = buildAwsDiagram({ nodes: [], edges: [] }, OPTIONS);
    expect(empty.boxes).toEqual([]);
    const drawn = await drawDiagram(empty);
    expect(drawn.svg).toContain('Nothing to draw: no AWS resources.');
    parseXml(drawn.svg);
  });
});

describe('the collapse rule', () => {
  const withInstances = (count: number) => buildAwsDiagram(awsGraph({ vpcs: 1, instancesPerSubnet: count }), OPTIONS);
  const privateSubnet = (model: DiagramModel) => box(model, 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-priv-0')!;

  it(`keeps ${COLLAPSE_PAST} instances of a subnet one by one`, () => {
    const collapsed = collapseDiagram(withInstances(COLLAPSE_PAST));
    expect(privateSubnet(collapsed).items.filter((i) => i.glyph === 'instance')).toHaveLength(COLLAPSE_PAST);
    expect(collapsed.notes).toEqual([]);
  });

  it(`shows one "N × kind" item past ${COLLAPSE_PAST}, with the edges to them led to it once`, () => {
    const collapsed = collapseDiagram(withInstances(COLLAPSE_PAST + 1));
    const instances = privateSubnet(collapsed).items.filter((i) => i.glyph === 'instance');
    expect(instances).toEqual([expect.objectContaining({ count: 41, label: '41 × EC2 instance' })]);
    // The other kinds of the subnet are still drawn one by one.
    expect(privateSubnet(collapsed).items.filter((i) => i.count === undefined).map((i) => i.glyph).sort()).toEqual(['database', 'function']);
    const standIn = instances[0]!.id;
    const touching = collapsed.edges.filter((e) => e.from === standIn || e.to === standIn);
    expect(touching).toHaveLength(2);
    expect(touching).toEqual(
      expect.arrayContaining([
        { from: standIn, to: expect.stringContaining('security-group/sg-0'), kind: 'uses' },
        { from: expect.stringContaining('alb-0'), to: standIn, kind: 'targets' },
      ]),
    );
    expect(collapsed.notes.join(' ')).toContain('41 resources counted');
  });

  it('collapses boxes too (past 40 VPCs in a region), and lowers the threshold until a huge estate fits the budget', () => {
    const big = buildAwsDiagram(awsGraph({ vpcs: 300, instancesPerSubnet: 30 }), OPTIONS);
    expect(shapeCount(big.boxes)).toBeGreaterThan(10_000);
    const collapsed = collapseDiagram(big);
    expect(box(collapsed, 'region:123456789012:us-east-1')!.items).toEqual([expect.objectContaining({ label: '300 × VPC', glyph: 'vpc' })]);
    const medium = collapseDiagram(buildAwsDiagram(awsGraph({ vpcs: 40, instancesPerSubnet: 30 }), OPTIONS), 500);
    expect(shapeCount(medium.boxes)).toBeLessThanOrEqual(500);
    expect(medium.notes.join(' ')).toMatch(/Past (20|10|5|2|1) resources of one kind/);
  });
});

describe('the drawn SVG', () => {
  it('parses as XML, and every subnet lies inside its VPC and every instance inside its subnet', async () => {
    const { nodes, edges } = awsGraph({ vpcs: 3, instancesPerSubnet: 5 });
    const drawn = await drawDiagram(buildAwsDiagram({ nodes, edges }, OPTIONS));
    const shapes = shapesOf(drawn.svg);
    const subnets = [...shapes.values()].filter((s) => s.kind === 'public_subnet' || s.kind === 'private_subnet');
    expect(subnets).toHaveLength(6);
    for (const subnet of subnets) {
      const vpc = shapes.get(subnet.parent!)!;
      expect(vpc.kind).toBe('vpc');
      expect(inside(subnet, vpc)).toBe(true);
    }
    const instances = [...shapes.values()].filter((s) => s.kind === 'EC2 instance');
    expect(instances).toHaveLength(15);
    for (const instance of instances) {
      const subnet = shapes.get(instance.parent!)!;
      expect(subnet.kind).toBe('private_subnet');
      expect(inside(instance, subnet)).toBe(true);
    }
    // Each VPC lies inside its region frame; subnets of one VPC do not overlap.
    for (const vpc of [...shapes.values()].filter((s) => s.kind === 'vpc')) expect(inside(vpc, shapes.get(vpc.parent!)!)).toBe(true);
    expect(drawn.svg.match(/class="edge"/g)?.length).toBeGreaterThanOrEqual(6 + 9);
  });

  it('escapes names (user data): an XML injection stays text', async () => {
    const evil = '</text><script>alert(1)</script><text a="&x;" \'"\u0001\uFFFE';
    const { nodes, edges } = awsGraph({ vpcs: 1, instancesPerSubnet: 2, names: (n) => `${n}${evil}` });
    const drawn = await drawDiagram(buildAwsDiagram({ nodes, edges }, { title: `AWS ${evil}`, emptyNote: '' }));
    const root = parseXml(drawn.svg);
    const elements = allElements(root);
    expect(elements.some((e) => e.name === 'script')).toBe(false);
    expect(elements.filter((e) => e.name === 'text').some((e) => e.text.includes('</text><script>'))).toBe(true);
    expect(escapeXml('a<b>&"\'\u0000')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
  });

  it('lays out a 5,000-resource estate in seconds, keeping every VPC and subnet', async () => {
    // 4 regions of 30 VPCs, 40 instances in each private subnet: past the shape budget, so items are counted first.
    const regions = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'].map((region) => awsGraph({ region, vpcs: 30, instancesPerSubnet: 40 }));
    const nodes = regions.flatMap((r) => r.nodes);
    const edges = regions.flatMap((r) => r.edges);
    expect(nodes.length).toBeGreaterThan(5_000);
    const started = performance.now();
    const drawn = await drawDiagram(buildAwsDiagram({ nodes, edges }, OPTIONS));
    expect(performance.now() - started).toBeLessThan(30_000);
    const all = shapesOf(drawn.svg);
    expect([...all.values()].filter((s) => s.kind === 'vpc')).toHaveLength(120);
    expect([...all.values()].filter((s) => s.kind.endsWith('_subnet'))).toHaveLength(240);
  }, 60_000);
});

describe('Kubernetes diagram model', () => {
  const k8s = (name: string, type: string, attributes: Record<string, unknown> = {}): GraphNode => {
    const [namespace, object] = name.split('/');
    return { id: `k8s:prod:${type}:${name}`, type, name, account: 'prod', attributes: { cluster: 'prod', namespace, object_name: object, ...attributes } };
  };
  const web = k8s('shop/web', 'kubernetes.deployment', { template_labels: { app: 'web', tier: 'front' } });
  const db = k8s('shop/db', 'kubernetes.statefulset', { template_labels: { app: 'db' } });
  const svc = k8s('shop/web', 'kubernetes.service', { selector: { app: 'web' } });
  const headless = k8s('shop/none', 'kubernetes.service', { selector: {} });
  const ingress = k8s('shop/public', 'kubernetes.ingress', { backend_services: ['web'] });
  const other = k8s('ops/agent', 'kubernetes.daemonset', { template_labels: { app: 'web' } });
  const pod = k8s('shop/web-1', 'kubernetes.pod');

  it('draws namespaces as boxes with workloads, services and ingresses, and the ingress → service → workload routes', () => {
    const model = buildKubernetesDiagram({ nodes: [web, db, svc, headless, ingress, other, pod], edges: [{ from: ingress.id, to: svc.id, type: 'routes_to' }] }, OPTIONS);
    const cluster = box(model, 'cluster:prod')!;
    expect(cluster.boxes.map((b) => b.label)).toEqual(['Namespace ops', 'Namespace shop']);
    expect(box(model, 'namespace:prod:shop')!.items.map((i) => i.kind).sort()).toEqual(['deployment', 'ingress', 'service', 'service', 'stateful set']);
    // The daemon set in another namespace has matching labels but is not selected; the pod is not drawn.
    expect(model.edges).toEqual(
      expect.arrayContaining([
        { from: ingress.id, to: svc.id, kind: 'routes_to' },
        { from: svc.id, to: web.id, kind: 'selects' },
      ]),
    );
    expect(model.edges.filter((e) => e.to === other.id || e.to === db.id)).toEqual([]);
    expect(collapseDiagram(model).edges.filter((e) => e.kind === 'routes_to')).toHaveLength(1);
  });

  it('collapses past 40 workloads of one kind in a namespace', () => {
    const many = Array.from({ length: 45 }, (_, i) => k8s(`batch/job-${i}`, 'kubernetes.cronjob'));
    const model = collapseDiagram(buildKubernetesDiagram({ nodes: many, edges: [] }, OPTIONS));
    expect(box(model, 'namespace:prod:batch')!.items).toEqual([expect.objectContaining({ label: '45 × cron job', count: 45 })]);
  });
});
