import { AWS_KINDS, KUBERNETES_DRAWN, type GraphEdge, type GraphNode, type GraphSlice } from '@strata/diagrams-domain';
import { findAll, MAX_PAGE_SIZE, type ReadStore, type Where } from '@strata/platform-read-store';
import { diagramEdgesView, diagramNodeSightingsView, diagramNodesView, diagramReconciliationsView, type DiagramNodeDocument } from './diagram-read-views';

/** What part of an AWS-shaped estate to draw. */
export interface AwsSelection {
  /** `aws`, or `demo` (the demo plugin's estate has the same shape). */
  provider: string;
  account?: string;
  /** Regions drawn (global services are drawn whatever the regions); absent: every region. */
  regions?: readonly string[];
}

export interface KubernetesSelection {
  cluster?: string;
  namespaces?: readonly string[];
}

/** Besides the drawn kinds: subnets and VPCs hold them; route tables' edges tell public subnets. */
const AWS_READ_KINDS = [...new Set(['ec2.vpc', 'ec2.subnet', ...Object.keys(AWS_KINDS)])];
/** Edges entering these kinds are read: containment (`in_vpc`, `in_subnet`, `attached_to`), security groups (`uses`), targets, routes. */
const AWS_EDGE_TARGETS = new Set(['ec2.vpc', 'ec2.subnet', 'ec2.internet_gateway', 'ec2.security_group', 'ec2.instance', 'lambda.function', 'rds.db_instance']);
/** Ids per `$in` read: the read store answers one read of 5,000 ids far faster than ten of 500. */
const IN_CHUNK = 5_000;

/** Reads the active nodes and edges a diagram is drawn from, through the read-only views, kind by kind. */
export class GraphReader {
  constructor(private readonly readStore: ReadStore) {}

  async aws(tenantId: string, { provider, account, regions }: AwsSelection): Promise<GraphSlice> {
    const nodes: GraphNode[] = [];
    for (const kind of AWS_READ_KINDS) {
      const where: Where<DiagramNodeDocument> = {
        status_type: `active|${provider}.${kind}`,
        ...(account !== undefined ? { status_account: `active|${account}` } : {}),
        ...(regions !== undefined && regions.length === 1 ? { status_region: { $in: [`active|${regions[0]}`, null] } } : {}),
      };
      for await (const { id, doc } of findAll(this.nodes(tenantId), { where, limit: MAX_PAGE_SIZE })) {
        const global = doc.region === undefined || kind === 's3.bucket';
        if (regions !== undefined && !global && !regions.includes(doc.region!)) continue;
        nodes.push(toGraphNode(id, doc));
      }
    }
    const targets = nodes.filter((node) => AWS_EDGE_TARGETS.has(node.type.slice(provider.length + 1))).map((node) => node.id);
    return { nodes, edges: await this.edgesInto(tenantId, targets) };
  }

  async kubernetes(tenantId: string, { cluster, namespaces }: KubernetesSelection): Promise<GraphSlice> {
    const nodes: GraphNode[] = [];
    for (const type of Object.keys(KUBERNETES_DRAWN)) {
      const where: Where<DiagramNodeDocument> = { status_type: `active|${type}`, ...(cluster !== undefined ? { status_account: `active|${cluster}` } : {}) };
      for await (const { id, doc } of findAll(this.nodes(tenantId), { where, limit: MAX_PAGE_SIZE })) {
        const namespace = doc.attributes['namespace'];
        if (namespaces !== undefined && !(typeof namespace === 'string' && namespaces.includes(namespace))) continue;
        nodes.push(toGraphNode(id, doc));
      }
    }
    const services = nodes.filter((node) => node.type === 'kubernetes.service').map((node) => node.id);
    return { nodes, edges: await this.edgesInto(tenantId, services) };
  }

  /** The account (else the cluster) a job's nodes name, from one node it saw last; undefined when it saw none of that provider. */
  async accountSeenBy(tenantId: string, jobId: string, provider: string): Promise<string | undefined> {
    const reconciliation = await this.readStore.collection(diagramReconciliationsView).forTenant(tenantId).get(jobId);
    const sightings = this.readStore.collection(diagramNodeSightingsView).forTenant(tenantId);
    // The job's sightings in each of its scopes (`seen_in` is `<scope>|<job>`), the nodes a page at a time.
    for (const scope of reconciliation?.scopes ?? []) {
      for await (const page of pagesOf(findAll(sightings, { where: { seen_in: `${scope}|${jobId}` }, limit: 500 }), 500)) {
        for (const doc of (await this.nodes(tenantId).getMany(page.map(({ id }) => id))).values()) {
          if (doc.type.startsWith(`${provider}.`) && doc.account !== undefined) return doc.account;
        }
      }
    }
    return undefined;
  }

  private nodes(tenantId: string) {
    return this.readStore.collection(diagramNodesView).forTenant(tenantId);
  }

  /** Active edges into any of `ids`, read by the `to` index a chunk of ids at a time. */
  private async edgesInto(tenantId: string, ids: readonly string[]): Promise<GraphEdge[]> {
    const edges: GraphEdge[] = [];
    const collection = this.readStore.collection(diagramEdgesView).forTenant(tenantId);
    for (let start = 0; start < ids.length; start += IN_CHUNK) {
      const chunk = ids.slice(start, start + IN_CHUNK);
      for await (const { doc } of findAll(collection, { where: { to: { $in: chunk } }, limit: MAX_PAGE_SIZE })) {
        if (doc.status === 'active') edges.push({ from: doc.from, to: doc.to, type: doc.type });
      }
    }
    return edges;
  }
}

function toGraphNode(id: string, doc: DiagramNodeDocument): GraphNode {
  return { id, type: doc.type, name: doc.name, account: doc.account, region: doc.region, attributes: doc.attributes ?? {} };
}

/** `entries` in arrays of at most `size`. */
async function* pagesOf<T>(entries: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let page: T[] = [];
  for await (const entry of entries) {
    page.push(entry);
    if (page.length === size) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
