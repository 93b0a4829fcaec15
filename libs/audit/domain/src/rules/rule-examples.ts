import { z } from 'zod';
import type { CompiledRule } from './compile-rule';
import type { EvaluationEnvironment, PriceSource, ScanThresholds } from './evaluation-session';
import { InMemoryGraph } from './neighbourhood';
import type { RuleNode } from './rule-node';

/** A node of an example, with the edges around it (each to a node of its own, recursively). */
export interface ExampleNode {
  id?: string | undefined;
  type?: string | undefined;
  name?: string | undefined;
  account?: string | null | undefined;
  region?: string | null | undefined;
  tags?: Record<string, string> | undefined;
  attributes?: Record<string, unknown> | undefined;
  edges?: { direction: 'out' | 'in'; type: string; node: ExampleNode }[] | undefined;
}

const exampleNodeSchema: z.ZodType<ExampleNode> = z.lazy(() =>
  z
    .object({
      id: z.string().min(1).optional(),
      type: z.string().min(1).optional(),
      name: z.string().optional(),
      account: z.string().nullable().optional(),
      region: z.string().nullable().optional(),
      tags: z.record(z.string(), z.string()).optional(),
      attributes: z.record(z.string(), z.unknown()).optional(),
      edges: z.array(z.object({ direction: z.enum(['out', 'in']), type: z.string().min(1), node: exampleNodeSchema }).strict()).max(50).optional(),
    })
    .strict(),
);

/**
 * A node a rule must judge a given way, kept with the rule: the pack's table test runs every
 * example of every rule, and the rules API runs a custom rule's examples before storing it.
 */
export const ruleExampleSchema = z
  .object({
    description: z.string().max(300).optional(),
    expect: z.enum(['violated', 'compliant', 'not_applicable']),
    node: exampleNodeSchema,
    /** The monthly savings a violated example of a cost rule must come to (to the cent). */
    savings: z.number().nonnegative().optional(),
    /** Thresholds for this example instead of the defaults. */
    policy: z.object({ cpu_percent: z.number(), network_mb: z.number(), lookback_days: z.number() }).partial().strict().optional(),
  })
  .strict();

export type RuleExample = z.infer<typeof ruleExampleSchema>;

export const DEFAULT_THRESHOLDS: ScanThresholds = { cpu_percent: 5, network_mb: 5, lookback_days: 14 };

/** Examples are judged as of this time, so an age in an example means the same on any day. */
export const EXAMPLE_NOW = new Date('2026-12-01T00:00:00Z');

/** The graph an example describes, and the node it judges (the first of the rule's exact types by default). */
export function exampleGraph(rule: Pick<CompiledRule, 'document'>, example: RuleExample): { subject: RuleNode; graph: InMemoryGraph } {
  const graph = new InMemoryGraph();
  const defaultType = rule.document.resource_types.find((pattern) => !pattern.includes('*')) ?? 'example.resource';
  let counter = 0;
  const add = (spec: ExampleNode, fallbackType: string): RuleNode => {
    const type = spec.type ?? fallbackType;
    const node: RuleNode = {
      id: spec.id ?? `example-${counter++}`,
      type,
      provider: type.split('.')[0]!,
      name: spec.name ?? 'example',
      account: spec.account === undefined ? '123456789012' : spec.account,
      region: spec.region === undefined ? 'us-east-1' : spec.region,
      tags: spec.tags ?? {},
      attributes: spec.attributes ?? {},
    };
    graph.addNode(node);
    for (const edge of spec.edges ?? []) {
      const other = add(edge.node, 'example.resource');
      graph.addEdge(edge.direction === 'out' ? { from: node.id, type: edge.type, to: other.id } : { from: other.id, type: edge.type, to: node.id });
    }
    return node;
  };
  const subject = add(example.node, defaultType);
  return { subject, graph };
}

/** What is wrong with the rule's examples: empty when each is judged as it expects. */
export function checkRuleExamples(rule: CompiledRule, examples: readonly RuleExample[], prices: PriceSource): string[] {
  return examples.flatMap((example, index) => {
    const { subject, graph } = exampleGraph(rule, example);
    const environment: EvaluationEnvironment = { graph, now: EXAMPLE_NOW, prices, thresholds: () => ({ ...DEFAULT_THRESHOLDS, ...example.policy }) };
    const outcome = rule.evaluate(subject, environment);
    const label = `example ${index + 1}${example.description ? ` (${example.description})` : ''}`;
    if (outcome.kind === 'error') return [`${label}: ${outcome.message}`];
    if (outcome.kind !== example.expect) return [`${label}: expected ${example.expect}, got ${outcome.kind}${outcome.kind === 'not_applicable' ? ` (no ${outcome.missing})` : ''}`];
    if (outcome.kind === 'violated' && example.savings !== undefined) {
      if (outcome.savingsUsd === null) return [`${label}: expected savings of ${example.savings}, got none (${outcome.savingsError ?? 'no savings expression'})`];
      if (Math.abs(outcome.savingsUsd - example.savings) > 0.005) return [`${label}: expected savings of ${example.savings}, got ${outcome.savingsUsd}`];
    }
    return [];
  });
}
