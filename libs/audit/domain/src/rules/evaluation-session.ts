import { edgesRequestKey, MAX_NEIGHBOURS, type EdgeDirection, type EdgesRequest, type GraphView } from './neighbourhood';
import type { RuleNode } from './rule-node';

/** A price of the table, as a rule's `price()` reads it. */
export interface PriceQuote {
  usd: number;
  /** The region whose price it is: the node's, or us-east-1's when the table lacks the node's. */
  region: string;
  approximate: boolean;
}

/** The price table, as rules see it (`price("ebs.gp3.gb_month")`). */
export interface PriceSource {
  price(region: string | undefined, key: string): PriceQuote | undefined;
  /** The table's version (its date): a new one makes the next audits whole again. */
  version?: string;
}

/** The tenant's utilisation thresholds for the node's provider (`policy.cpu_percent`, ...). */
export interface ScanThresholds {
  cpu_percent: number;
  network_mb: number;
  lookback_days: number;
}

/** What every evaluation of one audit shares. */
export interface EvaluationEnvironment {
  graph: GraphView;
  now: Date;
  prices: PriceSource;
  /** The thresholds for a provider (the tenant's scan policy, global merged with the provider's). */
  thresholds(provider: string): ScanThresholds;
}

/** How far from the node being judged a rule may walk the graph. */
export const MAX_HOPS = 3;
/** Neighbour nodes one evaluation may be handed in all, summed over its calls: its cost limit. */
export const MAX_NEIGHBOURS_PER_EVALUATION = 20 * MAX_NEIGHBOURS;

/** A rule broke a limit or called a function wrongly: reported on the rule, never on the job. */
export class RuleEvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleEvaluationError';
  }
}

/**
 * The state of one evaluation (one rule on one node), which the CEL functions registered once
 * on the environment reach through {@link currentSession}: evaluation is synchronous, so exactly
 * one session is active at a time.
 */
export class EvaluationSession {
  /** Hops from the judged node of every node object handed to the expression. */
  private readonly hops = new WeakMap<object, number>();
  private neighboursHanded = 0;
  /** Set when a price came from another region than the node's. */
  approximatePrice = false;
  /**
   * The edges asked for that the graph view does not hold yet. Each is answered as if there were
   * none, so the evaluation goes on and asks for every other edge it can reach now: a rule that
   * walks to each of a node's neighbours' edges (a subnet's instances' security groups) asks
   * for all of them in one round, not one per round. An evaluation that missed any is pending
   * whatever it concluded: its caller loads these and evaluates again.
   */
  readonly missing = new Map<string, EdgesRequest>();

  constructor(
    readonly environment: EvaluationEnvironment,
    readonly subject: RuleNode,
  ) {
    this.hops.set(subject, 0);
  }

  neighbours(from: unknown, direction: EdgeDirection, edgeType: string, what: 'nodes' | 'count'): readonly RuleNode[] | number {
    const node = from as RuleNode;
    const hops = typeof from === 'object' && from !== null ? this.hops.get(from) : undefined;
    const call = direction === 'out' ? 'outgoing' : 'incoming';
    if (hops === undefined) throw new RuleEvaluationError(`${call}() is called on a node: \`node\` or a node another ${call}() returned`);
    if (what === 'nodes' && hops >= MAX_HOPS) throw new RuleEvaluationError(`a rule walks at most ${MAX_HOPS} hops from the node it judges`);
    if (what === 'count' && hops > MAX_HOPS) throw new RuleEvaluationError(`a rule walks at most ${MAX_HOPS} hops from the node it judges`);
    const request = { nodeId: node.id, direction, edgeType };
    const found = this.environment.graph.neighbours(request);
    if (!found) {
      this.missing.set(edgesRequestKey(request), request);
      return what === 'count' ? 0 : [];
    }
    if (what === 'count') return found.total;
    this.neighboursHanded += found.nodes.length;
    if (this.neighboursHanded > MAX_NEIGHBOURS_PER_EVALUATION) {
      throw new RuleEvaluationError(`the rule looked at more than ${MAX_NEIGHBOURS_PER_EVALUATION} neighbouring nodes for one node`);
    }
    for (const end of found.nodes) {
      const known = this.hops.get(end);
      if (known === undefined || known > hops + 1) this.hops.set(end, hops + 1);
    }
    return found.nodes;
  }

  price(key: string, region: string | undefined): number {
    const quote = this.environment.prices.price(region, key);
    if (!quote) throw new RuleEvaluationError(`the price table has no price "${key}"`);
    if (quote.approximate) this.approximatePrice = true;
    return quote.usd;
  }
}

let active: EvaluationSession | undefined;

export function currentSession(): EvaluationSession {
  if (!active) throw new RuleEvaluationError('graph and price functions are only available while a rule is evaluated');
  return active;
}

/** Runs `evaluate` with `session` active. */
export function withSession<T>(session: EvaluationSession, evaluate: () => T): T {
  const previous = active;
  active = session;
  try {
    return evaluate();
  } finally {
    active = previous;
  }
}
