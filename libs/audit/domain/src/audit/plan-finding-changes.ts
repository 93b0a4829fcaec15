import { isViolated, resolvedRecord, violationRecord, type AuditContext, type FindingRecord, type FindingWrite } from '../findings/finding-record';
import type { MuteBook } from '../findings/mutes';
import type { PageEvaluation } from './page-evaluation';

/**
 * What an evaluated page writes: violations are opened (or kept open, refreshed, muted or
 * unmuted), and violated findings of these nodes that no longer are get resolved: the rule now
 * holds or cannot judge the node, the node is gone, or the rule is (disabled, deleted, or no
 * longer covering the type). A finding whose rule failed on the node is left as it was. `known`
 * holds the stored findings of these nodes: at least the violated ones, and those with the ids
 * of current violations.
 */
export function planFindingChanges(
  evaluation: PageEvaluation,
  known: ReadonlyMap<string, FindingRecord>,
  mutes: MuteBook,
  context: AuditContext,
): FindingWrite[] {
  const writes: FindingWrite[] = [];
  for (const [id, { pair, outcome }] of evaluation.outcomes) {
    if (outcome.kind !== 'violated') continue;
    const { node } = pair.subject;
    const mute = mutes.activeFor({
      findingId: id,
      ruleId: pair.rule.id,
      nodeId: node.id,
      resourceType: node.type,
      account: node.account,
      region: node.region,
      tags: node.tags,
    });
    const write = violationRecord(known.get(id), pair.rule, pair.subject, outcome, mute, context);
    if (write) writes.push(write);
  }
  const nodeIds = new Set(evaluation.subjects.map((subject) => subject.node.id));
  for (const [id, record] of known) {
    if (!isViolated(record) || !nodeIds.has(record.node_id)) continue;
    const judged = evaluation.outcomes.get(id)?.outcome;
    if (judged?.kind === 'violated' || judged?.kind === 'error') continue;
    writes.push(resolvedRecord(id, record, context));
  }
  return writes;
}
