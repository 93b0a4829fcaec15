import { evaluateNode, STARTER_RULES } from '@strata/audit-domain';
import { edgeId } from '@strata/contracts';
import { DemoEstate } from '@strata/plugins-demo';

/** A demo estate as plain sets, computed here, independently of inventory and the audit engine. */
export interface EstateSnapshot {
  nodes: Map<string, string>;
  edges: Set<string>;
  violations: Set<string>;
}

export function snapshotOf(size: number, seed: string, edgesPerNode?: number): EstateSnapshot {
  const estate = new DemoEstate(size, seed);
  const snapshot: EstateSnapshot = { nodes: new Map(), edges: new Set(), violations: new Set() };
  for (let index = 0; index < size; index++) {
    const node = estate.node(index);
    if (!node) continue;
    snapshot.nodes.set(node.id, JSON.stringify(node));
    for (const edge of estate.edges(index, edgesPerNode)) snapshot.edges.add(edgeId(edge));
    for (const finding of evaluateNode(STARTER_RULES, node)) snapshot.violations.add(finding.id);
  }
  return snapshot;
}

const count = <T>(items: Iterable<T>, keep: (item: T) => boolean): number => [...items].filter(keep).length;

/**
 * The stats the seed defines for a job that sees `next` after a job that saw `previous`: distinct
 * nodes seen; those that existed with other content; those of the scope no longer seen; edges
 * that did not exist; violations that had no open finding; open findings no longer violated.
 */
export function expectedStats(previous: EstateSnapshot | undefined, next: EstateSnapshot) {
  const before = previous ?? { nodes: new Map<string, string>(), edges: new Set<string>(), violations: new Set<string>() };
  return {
    nodes_discovered: next.nodes.size,
    nodes_updated: count(next.nodes, ([id, content]) => before.nodes.has(id) && before.nodes.get(id) !== content),
    nodes_removed: count(before.nodes.keys(), (id) => !next.nodes.has(id)),
    edges_created: count(next.edges, (id) => !before.edges.has(id)),
    findings_created: count(next.violations, (id) => !before.violations.has(id)),
    findings_resolved: count(before.violations, (id) => !next.violations.has(id)),
  };
}
