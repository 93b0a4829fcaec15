import { compareText } from '../model/compare';
import type { DiagramBox, DiagramConnection, DiagramItem, DiagramModel, Glyph } from '../model/diagram-model';
import type { GraphNode, GraphSlice } from '../model/graph-input';

export interface KubernetesDiagramOptions {
  title: string;
  emptyNote: string;
}

/** The kinds drawn in a namespace box (`kubernetes.<kind>`), with their glyph and words. */
export const KUBERNETES_DRAWN: Readonly<Record<string, { glyph: Glyph; words: string }>> = {
  'kubernetes.ingress': { glyph: 'ingress', words: 'ingress' },
  'kubernetes.service': { glyph: 'service', words: 'service' },
  'kubernetes.deployment': { glyph: 'workload', words: 'deployment' },
  'kubernetes.statefulset': { glyph: 'workload', words: 'stateful set' },
  'kubernetes.daemonset': { glyph: 'workload', words: 'daemon set' },
  'kubernetes.cronjob': { glyph: 'workload', words: 'cron job' },
};

const WORKLOADS = new Set(['kubernetes.deployment', 'kubernetes.statefulset', 'kubernetes.daemonset', 'kubernetes.cronjob']);

/**
 * A cluster's namespaces as boxes (per cluster a frame) holding its workloads (deployments,
 * stateful sets, daemon sets, cron jobs), services and ingresses, with their routes: ingress →
 * service (the graph's `routes_to`, or the ingress's `backend_services`) and service → workload
 * (the service's selector is a subset of the workload's template labels, in the same namespace).
 */
export function buildKubernetesDiagram(slice: GraphSlice, { title, emptyNote }: KubernetesDiagramOptions): DiagramModel {
  const drawn = [...slice.nodes].filter((node) => KUBERNETES_DRAWN[node.type] !== undefined && namespaceOf(node) !== undefined);
  drawn.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
  const clusters = new Map<string, DiagramBox>();
  const namespaces = new Map<string, DiagramBox>();
  const byNamespacedName = new Map<string, GraphNode>();
  for (const node of drawn) {
    const cluster = clusterOf(node);
    const namespace = namespaceOf(node)!;
    let frame = clusters.get(cluster);
    if (!frame) clusters.set(cluster, (frame = { id: `cluster:${cluster}`, kind: 'cluster', label: `Cluster ${cluster}`, boxes: [], items: [] }));
    const key = `${cluster}\n${namespace}`;
    let box = namespaces.get(key);
    if (!box) {
      namespaces.set(key, (box = { id: `namespace:${cluster}:${namespace}`, kind: 'namespace', label: `Namespace ${namespace}`, boxes: [], items: [] }));
      frame.boxes.push(box);
    }
    const look = KUBERNETES_DRAWN[node.type]!;
    const item: DiagramItem = { id: node.id, glyph: look.glyph, kind: look.words, label: objectName(node) };
    box.items.push(item);
    byNamespacedName.set(`${cluster}\n${namespace}\n${node.type}\n${objectName(node)}`, node);
  }
  const byId = new Map(drawn.map((node) => [node.id, node] as const));
  const ids = new Set(byId.keys());
  const edges: DiagramConnection[] = [];
  for (const edge of slice.edges) if (edge.type === 'routes_to' && ids.has(edge.from) && ids.has(edge.to)) edges.push({ from: edge.from, to: edge.to, kind: 'routes_to' });
  for (const node of drawn) {
    const cluster = clusterOf(node);
    const namespace = namespaceOf(node)!;
    if (node.type === 'kubernetes.ingress') {
      for (const name of stringList(node.attributes['backend_services'])) {
        const service = byNamespacedName.get(`${cluster}\n${namespace}\nkubernetes.service\n${name}`);
        if (service) edges.push({ from: node.id, to: service.id, kind: 'routes_to' });
      }
    }
  }
  // Services → workloads by label selector, namespace by namespace.
  for (const box of namespaces.values()) {
    const members = box.items.map((item) => byId.get(item.id)!);
    const workloads = members.filter((node) => WORKLOADS.has(node.type));
    for (const service of members.filter((node) => node.type === 'kubernetes.service')) {
      const selector = stringMap(service.attributes['selector']);
      if (Object.keys(selector).length === 0) continue;
      for (const workload of workloads) {
        const labels = stringMap(workload.attributes['template_labels']);
        if (Object.entries(selector).every(([key, value]) => labels[key] === value)) edges.push({ from: service.id, to: workload.id, kind: 'selects' });
      }
    }
  }
  const boxes = [...clusters.values()].sort((a, b) => compareText(a.id, b.id));
  for (const frame of boxes) frame.boxes.sort((a, b) => compareText(a.id, b.id));
  return { title, boxes, edges, notes: boxes.length === 0 ? [emptyNote] : [] };
}

const clusterOf = (node: GraphNode): string => (typeof node.attributes['cluster'] === 'string' ? node.attributes['cluster'] : (node.account ?? 'cluster'));
const namespaceOf = (node: GraphNode): string | undefined => (typeof node.attributes['namespace'] === 'string' ? node.attributes['namespace'] : undefined);
const objectName = (node: GraphNode): string =>
  typeof node.attributes['object_name'] === 'string' ? node.attributes['object_name'] : node.name.slice(node.name.indexOf('/') + 1);
const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const stringMap = (value: unknown): Record<string, string> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    : {};
