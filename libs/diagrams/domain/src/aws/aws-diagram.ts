import type { DiagramBox, DiagramConnection, DiagramItem, DiagramModel } from '../model/diagram-model';
import { compareText } from '../model/compare';
import type { GraphEdge, GraphNode, GraphSlice } from '../model/graph-input';
import { GLOBAL_KINDS, kindOf, lookOf, REGIONAL_SERVICE_KINDS, SUBNET_KINDS } from './aws-kinds';

export interface AwsDiagramOptions {
  title: string;
  /** The note when the slice holds nothing drawable: what was asked for. */
  emptyNote: string;
}

const NO_ACCOUNT = 'unknown account';

/**
 * An AWS-shaped estate (the aws plugin's types, or the demo plugin's, which share their
 * `<service>.<kind>` names) as a diagram: per account and region a frame with its VPCs, subnets
 * inside them (public: a route table sends it to an internet gateway, or it maps public IPs on
 * launch), and in the subnets the instances, RDS instances, VPC Lambda functions, load balancers
 * and NAT gateways; internet gateways on their VPC's edge, security groups in their VPC; regional
 * services outside any VPC beside them; S3 and IAM per account in a global box. Edges: load
 * balancer → target, instance → security group.
 */
export function buildAwsDiagram(slice: GraphSlice, { title, emptyNote }: AwsDiagramOptions): DiagramModel {
  const nodes = new Map<string, GraphNode>();
  for (const node of [...slice.nodes].sort(byName)) nodes.set(node.id, node);
  const kind = (id: string): string | undefined => {
    const node = nodes.get(id);
    return node && kindOf(node.type);
  };
  const out = outgoing(slice.edges);
  const targets = (id: string, type: string, targetKind: string): string[] =>
    (out.get(id)?.get(type) ?? []).filter((to) => kind(to) === targetKind).sort();

  const publicSubnets = publicSubnetIds(nodes, slice.edges, kind);
  const frames = new Map<string, DiagramBox>();
  const vpcBoxes = new Map<string, DiagramBox>();
  const subnetBoxes = new Map<string, DiagramBox>();
  const globals = new Map<string, DiagramBox>();

  const frameOf = (node: GraphNode): DiagramBox => {
    const account = node.account ?? NO_ACCOUNT;
    const region = node.region ?? 'global';
    const id = `region:${account}:${region}`;
    let frame = frames.get(id);
    if (!frame) {
      frame = { id, kind: 'region', label: `${region} · account ${account}`, boxes: [], items: [] };
      frames.set(id, frame);
    }
    return frame;
  };
  const servicesOf = (node: GraphNode): DiagramBox => {
    const frame = frameOf(node);
    let services = frame.boxes.find((box) => box.kind === 'services');
    if (!services) {
      services = { id: `services:${frame.id}`, kind: 'services', label: 'Regional services', boxes: [], items: [] };
      frame.boxes.push(services);
    }
    return services;
  };
  const item = (node: GraphNode, onEdge = false): DiagramItem => {
    const look = lookOf(kindOf(node.type));
    const warning = openToWorld(node);
    return { id: node.id, glyph: look.glyph, kind: look.words, label: node.name, ...(onEdge ? { onEdge } : {}), ...(warning ? { warning } : {}) };
  };

  for (const node of nodes.values()) {
    if (kindOf(node.type) !== 'ec2.vpc') continue;
    const box: DiagramBox = { id: node.id, kind: 'vpc', label: `VPC ${node.name}${cidr(node)}`, boxes: [], items: [] };
    vpcBoxes.set(node.id, box);
    frameOf(node).boxes.push(box);
  }
  for (const node of nodes.values()) {
    if (kindOf(node.type) !== 'ec2.subnet') continue;
    const vpc = targets(node.id, 'in_vpc', 'ec2.vpc')[0];
    if (vpc === undefined) continue;
    const isPublic = publicSubnets.has(node.id);
    const box: DiagramBox = {
      id: node.id,
      kind: isPublic ? 'public_subnet' : 'private_subnet',
      label: `${isPublic ? 'Public' : 'Private'} subnet ${node.name}${cidr(node)}`,
      boxes: [],
      items: [],
    };
    subnetBoxes.set(node.id, box);
    vpcBoxes.get(vpc)!.boxes.push(box);
  }

  for (const node of nodes.values()) {
    const k = kindOf(node.type);
    if (k === 'ec2.vpc' || k === 'ec2.subnet') continue;
    if (GLOBAL_KINDS.has(k)) {
      const account = node.account ?? NO_ACCOUNT;
      let global = globals.get(account);
      if (!global) {
        global = { id: `global:${account}`, kind: 'global', label: `Global services · account ${account}`, boxes: [], items: [] };
        globals.set(account, global);
      }
      global.items.push(item(node));
      continue;
    }
    const subnet = SUBNET_KINDS.has(k) ? targets(node.id, 'in_subnet', 'ec2.subnet').find((id) => subnetBoxes.has(id)) : undefined;
    if (subnet !== undefined) {
      subnetBoxes.get(subnet)!.items.push(item(node));
      continue;
    }
    const vpcEdge = k === 'ec2.internet_gateway' ? 'attached_to' : 'in_vpc';
    const vpc = targets(node.id, vpcEdge, 'ec2.vpc').find((id) => vpcBoxes.has(id));
    if (vpc !== undefined && (SUBNET_KINDS.has(k) || k === 'ec2.internet_gateway' || k === 'ec2.security_group')) {
      vpcBoxes.get(vpc)!.items.push(item(node, k === 'ec2.internet_gateway'));
      continue;
    }
    if (REGIONAL_SERVICE_KINDS.has(k) && node.region !== undefined) servicesOf(node).items.push(item(node));
  }

  const edges: DiagramConnection[] = [];
  for (const edge of slice.edges) {
    const from = kind(edge.from);
    if (from === 'elbv2.load_balancer' && edge.type === 'targets' && nodes.has(edge.to)) edges.push({ from: edge.from, to: edge.to, kind: 'targets' });
    if (from === 'ec2.instance' && edge.type === 'uses' && kind(edge.to) === 'ec2.security_group') edges.push({ from: edge.from, to: edge.to, kind: 'uses' });
  }

  // Each account's regions, then its global services.
  const boxes: DiagramBox[] = [];
  const accounts = [...new Set([...[...frames.keys()].map((id) => id.split(':')[1]!), ...globals.keys()])].sort();
  for (const account of accounts) {
    boxes.push(...[...frames.values()].filter((frame) => frame.id.startsWith(`region:${account}:`)).sort((a, b) => compareText(a.id, b.id)));
    const global = globals.get(account);
    if (global) boxes.push(global);
  }
  return { title, boxes, edges: edges.sort(byEnds), notes: boxes.length === 0 ? [emptyNote] : [] };
}

/** Subnets a route table associated with them sends to an internet gateway, and those that map public IPs on launch. */
function publicSubnetIds(nodes: ReadonlyMap<string, GraphNode>, edges: readonly GraphEdge[], kind: (id: string) => string | undefined): Set<string> {
  const toInternet = new Set<string>();
  for (const edge of edges) if (edge.type === 'routes_to' && (kind(edge.to) === 'ec2.internet_gateway' || /(^|[/:])igw-/.test(edge.to))) toInternet.add(edge.from);
  const result = new Set<string>();
  for (const edge of edges) if (edge.type === 'associated_with' && toInternet.has(edge.from)) result.add(edge.to);
  for (const node of nodes.values()) if (kindOf(node.type) === 'ec2.subnet' && node.attributes['map_public_ip_on_launch'] === true) result.add(node.id);
  return result;
}

function outgoing(edges: readonly GraphEdge[]): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  for (const edge of edges) {
    let byType = out.get(edge.from);
    if (!byType) out.set(edge.from, (byType = new Map()));
    const list = byType.get(edge.type);
    if (list) list.push(edge.to);
    else byType.set(edge.type, [edge.to]);
  }
  return out;
}

/** A security group's ports open to the world (`ingress_open_to_world`: 0.0.0.0/0 or ::/0), as its warning line: `open: 22, 3389`. */
function openToWorld(node: GraphNode): string | undefined {
  const ports = node.attributes['ingress_open_to_world'];
  if (kindOf(node.type) !== 'ec2.security_group' || !Array.isArray(ports) || ports.length === 0) return undefined;
  const shown = ports.filter((port): port is number | string => typeof port === 'number' || typeof port === 'string');
  return shown.length === 0 ? undefined : `open: ${shown.join(', ')}`;
}

const cidr = (node: GraphNode): string => (typeof node.attributes['cidr_block'] === 'string' ? ` (${node.attributes['cidr_block']})` : '');
const byName = (a: GraphNode, b: GraphNode): number => compareText(a.name, b.name) || compareText(a.id, b.id);
const byEnds = (a: DiagramConnection, b: DiagramConnection): number => compareText(a.from, b.from) || compareText(a.to, b.to);
