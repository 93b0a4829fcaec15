import type { CompiledRule, EdgeStep } from '@strata/audit-domain';
import type { EdgeEnds } from './edge-ends';

/**
 * The nodes whose verdicts a change to `changed` may move: every node from which some rule's
 * walk ends at a changed node (walked back from the changed nodes, step by step, over edges
 * active or removed), and the changed nodes themselves. Walks shared by several rules are
 * walked once.
 */
export async function affectedNodes(edgeEnds: EdgeEnds, rules: readonly CompiledRule[], changed: ReadonlySet<string>): Promise<Set<string>> {
  const affected = new Set(changed);
  const walks = new Map<string, EdgeStep[]>();
  for (const rule of rules) for (const path of rule.dependencies.paths) if (path.length > 0) walks.set(path.map((s) => `${s.direction}:${s.edgeType}`).join('/'), path);
  const start = [...changed];
  for (const path of walks.values()) {
    let frontier = start;
    for (let index = path.length - 1; index >= 0 && frontier.length > 0; index--) frontier = [...(await edgeEnds.stepBack(frontier, path[index]!))];
    for (const id of frontier) affected.add(id);
  }
  return affected;
}
