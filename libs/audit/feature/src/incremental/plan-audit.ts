import type { CompiledRule } from '@strata/audit-domain';
import { findAll, type ReadStore, type TenantCollection } from '@strata/platform-read-store';
import { activeNodeKey, activeNodeKeyRanges, countNodesSeenBy, inventoryNodesByTypeView, scopeAuditsCollection, type InventoryNodeByTypeView } from '../read-model/audit-collections';
import { affectedNodes } from './affected-nodes';
import { EdgeEnds } from './edge-ends';
import { readJobChanges } from './job-changes';

/** Audit every node of the job, or only those its changes may affect. */
export type AuditPlan = { kind: 'whole'; scopes: string[] } | { kind: 'affected'; scopes: string[]; nodeIds: Set<string> };

export interface AuditPlanRequest {
  readStore: ReadStore;
  tenantId: string;
  jobId: string;
  /** The rules in force. */
  rules: readonly CompiledRule[];
  /** Of the inputs in force (see `AuditInputs.fingerprint`). */
  fingerprint: string;
  /** The share of the job's nodes it may have changed and still be audited incrementally. */
  incrementalShare: number;
}

const PAGE = 500;

/**
 * Whether the job can be audited incrementally, and then which nodes: every scope of the job
 * was audited before with the inputs in force now, the inventory kept what the job changed, the
 * rules walk the graph in ways that can be followed back, and the job changed at most
 * `incrementalShare` of its nodes. The nodes are those the changes may affect (`affectedNodes`),
 * plus every node of the job's scopes that a rule reading the time covers.
 */
export async function planAudit({ readStore, tenantId, jobId, rules, fingerprint, incrementalShare }: AuditPlanRequest): Promise<AuditPlan> {
  const changes = await readJobChanges(readStore, tenantId, jobId);
  const whole: AuditPlan = { kind: 'whole', scopes: changes.scopes };
  if (!changes.changed || changes.scopes.length === 0) return whole;
  if (rules.some((rule) => rule.dependencies.unbounded)) return whole;
  const previous = await readStore.collection(scopeAuditsCollection).forTenant(tenantId).getMany(changes.scopes);
  if (changes.scopes.some((scope) => previous.get(scope)?.inputs_fingerprint !== fingerprint)) return whole;
  const jobNodes = await countNodesSeenBy(readStore, tenantId, jobId, changes.scopes);
  // Past this share, walking back from each change costs more than evaluating everything.
  if (changes.changed.size > jobNodes * incrementalShare) return whole;
  const byType = readStore.collection(inventoryNodesByTypeView).forTenant(tenantId);
  const nodeIds = await affectedNodes(new EdgeEnds(readStore, tenantId), await rulesJudgingActiveNodes(byType, rules), changes.changed);
  const timed = rules.filter((rule) => rule.dependencies.timeDependent);
  if (timed.length > 0) {
    const scopes = new Set(changes.scopes);
    for (const where of activeNodeKeyRanges(timed.flatMap((rule) => rule.document.resource_types))) {
      for await (const { id, doc } of findAll(byType, { where, limit: PAGE })) if (scopes.has(doc.scope)) nodeIds.add(id);
    }
  }
  return { kind: 'affected', scopes: changes.scopes, nodeIds };
}

/**
 * The rules that judge some active node of the tenant. A walk back from a change only finds nodes
 * whose verdict may move if a rule taking that walk judges nodes of their type, and a type with no
 * active node has none to re-judge (the job's own changes, removals included, are audited
 * anyway): an estate of one provider does not pay for the other packs' walks. One indexed read of
 * at most one node per pattern.
 */
async function rulesJudgingActiveNodes(byType: TenantCollection<InventoryNodeByTypeView>, rules: readonly CompiledRule[]): Promise<CompiledRule[]> {
  const present = new Map<string, Promise<boolean>>();
  const isPresent = (pattern: string) => {
    let known = present.get(pattern);
    if (!known) present.set(pattern, (known = byType.find({ where: activeNodeKey(pattern), limit: 1 }).then((page) => page.items.length > 0)));
    return known;
  };
  const judging: CompiledRule[] = [];
  for (const rule of rules) {
    if (!rule.dependencies.paths.some((path) => path.length > 0)) continue;
    for (const pattern of rule.document.resource_types) {
      if (await isPresent(pattern)) {
        judging.push(rule);
        break;
      }
    }
  }
  return judging;
}
