import { SeededRandom } from '@strata/testing';
import { buildAwsDiagram } from './aws/aws-diagram';
import { drawDiagram } from './draw-diagram';
import { allElements, parseXml } from './fixtures/strict-xml';
import { COLLAPSE_PAST } from './model/collapse';
import type { GraphEdge, GraphNode } from './model/graph-input';

interface Rect {
  id: string;
  cls: string;
  kind: string;
  parent: string | undefined;
  count: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

const MEMBER_KINDS = ['aws.ec2.instance', 'aws.rds.db_instance', 'aws.lambda.function', 'aws.elbv2.load_balancer', 'aws.ec2.nat_gateway'];
const WEIRD = ['', ' <b>', ' & co', ' "q"', " 'a'", ' \u00e9\u6f22', ' ]]>', ' \u0007bell'];

/** A random AWS estate, and how many resources of each drawn type it holds (the oracle). */
function randomEstate(random: SeededRandom): { nodes: GraphNode[]; edges: GraphEdge[]; expected: Map<string, number> } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const expected = new Map<string, number>();
  const account = '111122223333';
  let n = 0;
  const add = (type: string, region: string, drawn: boolean): string => {
    const id = `arn:aws:x:${region}:${account}:${type}/${n++}`;
    nodes.push({ id, type, name: `${type.split('.').pop()}-${n}${random.pick(WEIRD)}`, account, region, attributes: random.chance(0.3) ? { map_public_ip_on_launch: true } : {} });
    if (drawn) expected.set(type, (expected.get(type) ?? 0) + 1);
    return id;
  };
  for (const region of ['us-east-1', 'eu-west-1', 'ap-south-1'].slice(0, 1 + random.int(3))) {
    for (let v = random.int(5); v > 0; v--) {
      const vpc = add('aws.ec2.vpc', region, false);
      if (random.chance(0.7)) edges.push({ from: add('aws.ec2.internet_gateway', region, true), to: vpc, type: 'attached_to' });
      const groups = Array.from({ length: random.int(3) }, () => {
        const sg = add('aws.ec2.security_group', region, true);
        edges.push({ from: sg, to: vpc, type: 'in_vpc' });
        return sg;
      });
      for (let s = random.int(4); s > 0; s--) {
        const subnet = add('aws.ec2.subnet', region, false);
        edges.push({ from: subnet, to: vpc, type: 'in_vpc' });
        const members: string[] = [];
        // Sometimes past the collapse threshold.
        for (let m = random.chance(0.2) ? COLLAPSE_PAST + random.int(30) : random.int(12); m > 0; m--) {
          const type = random.chance(0.6) ? 'aws.ec2.instance' : random.pick(MEMBER_KINDS);
          const member = add(type, region, true);
          edges.push({ from: member, to: subnet, type: 'in_subnet' });
          members.push(member);
          if (type === 'aws.ec2.instance' && groups.length > 0 && random.chance(0.7)) edges.push({ from: member, to: random.pick(groups), type: 'uses' });
        }
        const balancers = members.filter((id) => id.includes('elbv2'));
        for (const target of members) if (balancers.length > 0 && target.includes('ec2.instance') && random.chance(0.5)) edges.push({ from: random.pick(balancers), to: target, type: 'targets' });
      }
    }
    if (random.chance(0.5)) add('aws.kms.key', region, true);
  }
  for (let g = random.int(4); g > 0; g--) add('aws.s3.bucket', 'us-east-1', true);
  return { nodes, edges, expected };
}

function shapes(svg: string): Map<string, Rect> {
  const result = new Map<string, Rect>();
  for (const element of allElements(parseXml(svg))) {
    const cls = element.attributes['class'];
    if (element.name !== 'g' || (cls !== 'box' && cls !== 'item')) continue;
    const rect = element.children.find((child) => child.name === 'rect')!;
    result.set(element.attributes['data-id']!, {
      id: element.attributes['data-id']!,
      cls,
      kind: element.attributes['data-kind']!,
      parent: element.attributes['data-parent'],
      count: Number(element.attributes['data-count'] ?? 1),
      x: Number(rect.attributes['x']),
      y: Number(rect.attributes['y']),
      width: Number(rect.attributes['width']),
      height: Number(rect.attributes['height']),
    });
  }
  return result;
}

const EPS = 0.11;
const within = (a: Rect, b: Rect) => a.x >= b.x - EPS && a.y >= b.y - EPS && a.x + a.width <= b.x + b.width + EPS && a.y + a.height <= b.y + b.height + EPS;
const overlap = (a: Rect, b: Rect) => a.x + a.width > b.x + EPS && b.x + b.width > a.x + EPS && a.y + a.height > b.y + EPS && b.y + b.height > a.y + EPS;
const WORDS: Record<string, string> = {
  'EC2 instance': 'aws.ec2.instance',
  'RDS instance': 'aws.rds.db_instance',
  'Lambda function': 'aws.lambda.function',
  'load balancer': 'aws.elbv2.load_balancer',
  'NAT gateway': 'aws.ec2.nat_gateway',
  'internet gateway': 'aws.ec2.internet_gateway',
  'security group': 'aws.ec2.security_group',
  'KMS key': 'aws.kms.key',
  'S3 bucket': 'aws.s3.bucket',
};

describe('diagrams of random estates (property)', () => {
  it.each(Array.from({ length: 20 }, (_, i) => [`seed-${i}`]))('%s: every shape inside its parent, siblings apart, every resource drawn or counted once', async (seed) => {
    const random = new SeededRandom(seed);
    const { nodes, edges, expected } = randomEstate(random);
    const drawn = await drawDiagram(buildAwsDiagram({ nodes, edges }, { title: `estate ${seed}`, emptyNote: 'Nothing to draw' }));
    const all = shapes(drawn.svg);
    const children = new Map<string, Rect[]>();
    for (const shape of all.values()) {
      if (shape.parent === undefined) {
        // Top-level frames are siblings too.
        children.set('', [...(children.get('') ?? []), shape]);
        continue;
      }
      const parent = all.get(shape.parent)!;
      expect(parent).toBeDefined();
      if (shape.kind === 'internet gateway') {
        // Across its VPC's left edge.
        expect(Math.abs(shape.x + shape.width / 2 - parent.x)).toBeLessThan(EPS);
        expect(shape.y >= parent.y && shape.y + shape.height <= parent.y + parent.height + EPS).toBe(true);
      } else {
        expect(within(shape, parent)).toBe(true);
        children.set(parent.id, [...(children.get(parent.id) ?? []), shape]);
      }
    }
    for (const siblings of children.values()) for (let i = 0; i < siblings.length; i++) for (let j = i + 1; j < siblings.length; j++) expect(overlap(siblings[i]!, siblings[j]!)).toBe(false);
    // The oracle: each drawn type's resources, drawn one by one or inside one count, exactly once.
    const counted = new Map<string, number>();
    for (const shape of all.values()) {
      const type = WORDS[shape.kind];
      if (shape.cls === 'item' && type) counted.set(type, (counted.get(type) ?? 0) + shape.count);
    }
    expect(Object.fromEntries(counted)).toEqual(Object.fromEntries(expected));
    // No box shows more than 40 of one kind one by one.
    for (const siblings of children.values()) {
      const perKind = new Map<string, number>();
      for (const shape of siblings) if (shape.cls === 'item' && shape.count === 1 && !shape.id.includes('#')) perKind.set(shape.kind, (perKind.get(shape.kind) ?? 0) + 1);
      for (const count of perKind.values()) expect(count).toBeLessThanOrEqual(COLLAPSE_PAST);
    }
  });
});
