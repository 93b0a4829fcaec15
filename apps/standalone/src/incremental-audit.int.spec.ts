import { compileRule, DEFAULT_THRESHOLDS, findingId, InMemoryGraph, ruleDocumentSchema, toRuleNode, type CompiledRule, type RuleDocumentInput } from '@strata/audit-domain';
import { auditRunsCollection, BuiltInAuditInputs, findingsCollection, ScopeEvaluator } from '@strata/audit-feature';
import { builtInPrices } from '@strata/audit-packs';
import type { PluginRunOutput, ResourceBatch, ResourceEdge, ResourceNode } from '@strata/contracts';
import { BatchIngestor, edgesCollection, nodesCollection, ScopeReconciler } from '@strata/inventory-feature';
import { findAll, openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import fc from 'fast-check';

/*
 * The incremental audit against a full evaluation: random sequences of estate changes (attributes,
 * edges, nodes coming and going) and rule changes, each discovered by a job through inventory's
 * real ingestor and reconciler, then audited; after every job the open findings must be exactly
 * what evaluating every rule on every active node of the stored graph finds.
 */

const rule = (document: RuleDocumentInput): CompiledRule => compileRule(ruleDocumentSchema.parse(document), { source: 'custom', pack: 'test' });
const RULES: readonly CompiledRule[] = [
  rule({ id: 'p-unencrypted', title: 'Unencrypted', severity: 'medium', kind: 'compliance', resource_types: ['t.ec2.volume'], condition: 'node.attributes.encrypted == false', remediation: 'R' }),
  rule({ id: 'p-unattached', title: 'Unattached', severity: 'low', kind: 'cost', resource_types: ['t.ec2.volume'], condition: 'node.outgoingCount("attached_to") == 0', savings: 'node.attributes.size_gb * 0.08', remediation: 'R' }),
  rule({ id: 'p-unused-group', title: 'Unused group', severity: 'info', kind: 'compliance', resource_types: ['t.ec2.security_group'], condition: 'node.incomingCount("uses") == 0', remediation: 'R' }),
  rule({
    id: 'p-exposed',
    title: 'Exposed',
    severity: 'critical',
    kind: 'compliance',
    resource_types: ['t.ec2.instance'],
    condition: 'node.outgoing("in_subnet").exists(s, s.attributes.public == true) && node.outgoing("uses").exists(g, g.attributes.ssh_open == true)',
    remediation: 'R',
  }),
  rule({
    id: 'p-stopped-with-volumes',
    title: 'Stopped with volumes',
    severity: 'info',
    kind: 'cost',
    resource_types: ['t.ec2.instance'],
    condition: 'node.attributes.running == false && node.incoming("attached_to").exists(v, v.attributes.encrypted == false)',
    savings: 'total(node.incoming("attached_to").map(v, v.attributes.size_gb * 0.08))',
    remediation: 'R',
  }),
  rule({
    id: 'p-subnet-hosts-exposed',
    title: 'Public subnet hosting an instance with SSH open',
    severity: 'high',
    kind: 'compliance',
    resource_types: ['t.ec2.subnet'],
    condition: 'node.attributes.public == true && node.incoming("in_subnet").exists(i, i.outgoing("uses").exists(g, g.attributes.ssh_open == true))',
    remediation: 'R',
  }),
];

const SCOPE = 't:1';
const slots = { instance: 4, volume: 5, security_group: 2, subnet: 2 } as const;
type Kind = keyof typeof slots;

interface EstateState {
  present: Record<string, boolean>;
  attributes: Record<string, Record<string, unknown>>;
  edges: Set<string>;
}

const ids = (kind: Kind) => Array.from({ length: slots[kind] }, (_, n) => `${kind}-${n}`);
const ALL = (Object.keys(slots) as Kind[]).flatMap(ids);
const kindOf = (id: string) => id.slice(0, id.lastIndexOf('-')) as Kind;
const POSSIBLE_EDGES = [
  ...ids('volume').flatMap((v) => ids('instance').map((i) => `${v}|attached_to|${i}`)),
  ...ids('instance').flatMap((i) => [...ids('security_group').map((g) => `${i}|uses|${g}`), ...ids('subnet').map((s) => `${i}|in_subnet|${s}`)]),
];
const ATTRIBUTE: Record<Kind, [string, () => fc.Arbitrary<unknown>]> = {
  volume: ['encrypted', () => fc.boolean()],
  instance: ['running', () => fc.boolean()],
  security_group: ['ssh_open', () => fc.boolean()],
  subnet: ['public', () => fc.boolean()],
};

type Step =
  | { kind: 'flip'; node: string; value: unknown }
  | { kind: 'toggle-edge'; edge: string }
  | { kind: 'toggle-node'; node: string }
  /** Every node of a kind goes, or comes back: the audit then skips, or takes again, the walks of the rules judging that kind. */
  | { kind: 'toggle-kind'; nodeKind: Kind }
  | { kind: 'toggle-rule'; rule: string };

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ALL).chain((node) => ATTRIBUTE[kindOf(node)][1]().map((value): Step => ({ kind: 'flip', node, value }))) },
  { weight: 4, arbitrary: fc.constantFrom(...POSSIBLE_EDGES).map((edge): Step => ({ kind: 'toggle-edge', edge })) },
  { weight: 2, arbitrary: fc.constantFrom(...ALL).map((node): Step => ({ kind: 'toggle-node', node })) },
  { weight: 1, arbitrary: fc.constantFrom(...(Object.keys(slots) as Kind[])).map((nodeKind): Step => ({ kind: 'toggle-kind', nodeKind })) },
  { weight: 1, arbitrary: fc.constantFrom(...RULES.map((r) => r.id)).map((id): Step => ({ kind: 'toggle-rule', rule: id })) },
);

/** Rules that can be switched off and on, with a fingerprint that says which are on. */
class SwitchableInputs extends BuiltInAuditInputs {
  readonly off = new Set<string>();
  constructor() {
    super({ rules: RULES, prices: builtInPrices() });
  }
  override async rules(): Promise<readonly CompiledRule[]> {
    return RULES.filter((r) => !this.off.has(r.id));
  }
  override async fingerprint(): Promise<string> {
    return [...this.off].sort().join(',');
  }
}

function estateNodes(state: EstateState): { nodes: ResourceNode[]; edges: ResourceEdge[] } {
  const nodes = ALL.filter((id) => state.present[id]).map(
    (id): ResourceNode => ({ id, type: `t.ec2.${kindOf(id)}`, provider: 't', name: id, account: '1', region: 'r', tags: {}, attributes: { size_gb: 10, ...state.attributes[id] } }),
  );
  const present = new Set(nodes.map((n) => n.id));
  const edges = [...state.edges]
    .map((key) => {
      const [from, type, to] = key.split('|') as [string, string, string];
      return { from, type, to };
    })
    .filter((edge) => present.has(edge.from) && present.has(edge.to));
  return { nodes, edges };
}

async function runJob(readStore: ReadStore, jobId: string, estate: { nodes: ResourceNode[]; edges: ResourceEdge[] }, at: Date): Promise<void> {
  const clock = () => at;
  const ingestor = new BatchIngestor({ readStore, clock });
  let sequence = 0;
  // Two batches, so a node's edges may arrive apart from the node at their other end.
  for (const part of [estate.nodes.slice(0, 7), estate.nodes.slice(7)]) {
    const partIds = new Set(part.map((n) => n.id));
    const batch: ResourceBatch = { tenantId: 'acme', jobId, plugin: 't', attempt: 1, sequence: sequence++, scope: SCOPE, nodes: part, edges: estate.edges.filter((e) => partIds.has(e.from)) };
    const result = await ingestor.ingest(batch);
    if (result.outcome !== 'ingested') throw new Error(`${jobId}: ${result.outcome}`);
  }
  await ingestor.summarizer.stop();
  const runs: PluginRunOutput[] = [{ plugin: 't', attempt: 1, batches: sequence, scope: SCOPE }];
  const outcome = await new ScopeReconciler({ readStore, clock }).reconcile({ tenantId: 'acme', jobId, runs });
  if (outcome.kind !== 'reconciled') throw new Error(`${jobId}: ${outcome.kind}`);
}

/** Every enabled rule on every active node of the stored graph: what a full evaluation finds. */
async function fullEvaluation(readStore: ReadStore, rules: readonly CompiledRule[]): Promise<string[]> {
  const nodes = [];
  for await (const { doc } of findAll(readStore.collection(nodesCollection).forTenant('acme'), { limit: 500 })) if (doc.status === 'active') nodes.push(toRuleNode(doc));
  const edges = [];
  for await (const { doc } of findAll(readStore.collection(edgesCollection).forTenant('acme'), { limit: 500 })) if (doc.status === 'active') edges.push(doc);
  const graph = new InMemoryGraph(nodes, edges);
  const environment = { graph, now: new Date(), prices: builtInPrices(), thresholds: () => DEFAULT_THRESHOLDS };
  const found: string[] = [];
  for (const node of nodes) for (const r of rules) if (r.appliesTo(node.type) && r.evaluate(node, environment).kind === 'violated') found.push(findingId(r.id, node.id));
  return found.sort();
}

async function openFindings(readStore: ReadStore): Promise<string[]> {
  const open: string[] = [];
  for await (const { id, doc } of findAll(readStore.collection(findingsCollection).forTenant('acme'), { limit: 500 })) if (doc.status === 'open') open.push(id);
  return open.sort();
}

describe('incremental audit', () => {
  it('keeps the open findings equal to a full evaluation, whatever the estate and the rules do between jobs', async () => {
    let incremental = 0;
    let later = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(stepArbitrary, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 6 }), async (jobs) => {
        const readStore = openSqliteReadStore(':memory:');
        try {
          const inputs = new SwitchableInputs();
          const state: EstateState = {
            present: Object.fromEntries(ALL.map((id) => [id, true])),
            attributes: Object.fromEntries(ALL.map((id) => [id, { [ATTRIBUTE[kindOf(id)][0]]: true }])),
            edges: new Set(['volume-0|attached_to|instance-0', 'instance-0|uses|security_group-0', 'instance-0|in_subnet|subnet-0']),
          };
          let time = Date.parse('2026-12-01T00:00:00Z');
          for (let n = 0; n < jobs.length; n++) {
            for (const step of jobs[n]!) {
              if (step.kind === 'flip') state.attributes[step.node] = { [ATTRIBUTE[kindOf(step.node)][0]]: step.value };
              if (step.kind === 'toggle-edge' && !state.edges.delete(step.edge)) state.edges.add(step.edge);
              if (step.kind === 'toggle-node') state.present[step.node] = !state.present[step.node];
              if (step.kind === 'toggle-kind') {
                const present = !ids(step.nodeKind).some((id) => state.present[id]);
                for (const id of ids(step.nodeKind)) state.present[id] = present;
              }
              if (step.kind === 'toggle-rule' && !inputs.off.delete(step.rule)) inputs.off.add(step.rule);
            }
            const jobId = `job-${String(n).padStart(2, '0')}`;
            time += 60_000;
            await runJob(readStore, jobId, estateNodes(state), new Date(time));
            // Incremental whatever share of the estate changed: the estate is small, and the
            // property is about what the incremental path finds.
            await new ScopeEvaluator({ readStore, inputs, pageSize: 4, incrementalShare: 1, clock: () => new Date(time + 1_000) }).evaluate({ tenantId: 'acme', jobId });
            if (n > 0) later++;
            if ((await readStore.collection(auditRunsCollection).forTenant('acme').get(jobId))?.mode === 'incremental') incremental++;
            expect(await openFindings(readStore)).toEqual(await fullEvaluation(readStore, await inputs.rules()));
          }
        } finally {
          await readStore.close();
        }
      }),
      {
        numRuns: Number(process.env['FC_RUNS'] ?? 40),
        examples: [
          // One subnet left: the walks of the rule judging subnets must still be taken (found
          // when the audit learnt to skip the walks of kinds with no active node).
          [
            [
              [{ kind: 'toggle-node', node: 'subnet-1' }],
              [{ kind: 'flip', node: 'security_group-0', value: false }, { kind: 'toggle-edge', edge: 'volume-0|attached_to|instance-0' }],
              [{ kind: 'toggle-node', node: 'instance-0' }],
              [{ kind: 'toggle-node', node: 'instance-0' }],
            ],
          ],
        ],
      },
    );
    // The property is about the incremental path: the jobs after the first take it unless the
    // rules changed before them (about one job in four).
    expect(incremental).toBeGreaterThan(later / 2);
  }, 120_000);
});
