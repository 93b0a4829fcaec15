import type { CompiledRule, RuleOutcome } from '../rules/compile-rule';
import { MAX_HOPS, type EvaluationEnvironment } from '../rules/evaluation-session';
import { edgesRequestKey, type EdgesRequest } from '../rules/neighbourhood';
import type { RuleSet } from '../rules/rule-set';
import { findingId, type AuditSubject } from '../findings/finding-record';
import type { RuleTimeBudget } from './rule-time-budget';

/**
 * Rounds of loading a page may take. An evaluation asks for every edge it can reach with what is
 * loaded, so a rule needs one round per hop it walks (`MAX_HOPS`) and one more; a condition whose
 * short-circuit hid a branch until the edges before it were loaded may take a few more.
 */
export const MAX_LOAD_ROUNDS = 2 * (MAX_HOPS + 1);

interface Pair {
  rule: CompiledRule;
  subject: AuditSubject;
}

/** A rule that failed on some nodes of an audit: reported on the rule, never on the job. */
export interface RuleFailure {
  message: string;
  nodeId: string;
  nodes: number;
}

/**
 * Every applicable rule evaluated on every present node of a page. Evaluation is synchronous
 * and sees only what the graph view holds: `evaluate()` returns the edges rules asked for and
 * did not find; the caller loads them (for the whole page at once) and calls it again, until it
 * returns none or {@link MAX_LOAD_ROUNDS} is reached (what is still pending then fails: the rule
 * walks further than allowed).
 */
export class PageEvaluation {
  private pending: Pair[];
  private rounds = 0;
  readonly outcomes = new Map<string, { pair: Pair; outcome: RuleOutcome }>();
  readonly failures = new Map<string, RuleFailure>();

  constructor(
    ruleSet: RuleSet,
    readonly subjects: readonly AuditSubject[],
    private readonly environment: EvaluationEnvironment,
    private readonly budget?: RuleTimeBudget,
  ) {
    this.pending = subjects.filter((subject) => subject.present).flatMap((subject) => ruleSet.rulesFor(subject.node.type).map((rule) => ({ rule, subject })));
  }

  /** Evaluates what is pending; returns the edges still to load (none: done). */
  evaluate(): EdgesRequest[] {
    this.rounds++;
    const requests = new Map<string, EdgesRequest>();
    const stillPending: Pair[] = [];
    for (const pair of this.pending) {
      const { rule, subject } = pair;
      if (this.budget?.exhausted(rule.id)) {
        this.record(pair, { kind: 'error', message: `the rule used up its time budget (${this.budget.budgetMs} ms per audit)` });
        continue;
      }
      const run = () => rule.evaluate(subject.node, this.environment);
      const outcome = this.budget ? this.budget.measure(rule.id, run) : run();
      if (outcome.kind === 'pending') {
        if (this.rounds < MAX_LOAD_ROUNDS) {
          for (const request of outcome.requests) requests.set(edgesRequestKey(request), request);
          stillPending.push(pair);
        } else {
          this.record(pair, { kind: 'error', message: 'the rule walks further from the node than its neighbourhood allows' });
        }
        continue;
      }
      this.record(pair, outcome);
    }
    this.pending = stillPending;
    return [...requests.values()];
  }

  private record(pair: Pair, outcome: RuleOutcome): void {
    this.outcomes.set(findingId(pair.rule.id, pair.subject.node.id), { pair, outcome });
    if (outcome.kind !== 'error') return;
    const failure = this.failures.get(pair.rule.id);
    if (failure) failure.nodes++;
    else this.failures.set(pair.rule.id, { message: outcome.message, nodeId: pair.subject.node.id, nodes: 1 });
  }
}
