/**
 * How long each rule may spend evaluating in one audit. A CEL evaluation cannot be interrupted,
 * but its size is bounded (comprehension nesting, neighbours per evaluation), so checking after
 * each evaluation stops a slow rule soon after it overspends; its remaining nodes are not judged
 * and its error says why.
 */
export class RuleTimeBudget {
  private readonly spent = new Map<string, number>();

  constructor(
    readonly budgetMs: number,
    private readonly clock: () => number,
  ) {}

  /** Runs one evaluation of `ruleId`, charging its time. */
  measure<T>(ruleId: string, evaluate: () => T): T {
    const started = this.clock();
    try {
      return evaluate();
    } finally {
      this.spent.set(ruleId, (this.spent.get(ruleId) ?? 0) + this.clock() - started);
    }
  }

  exhausted(ruleId: string): boolean {
    return (this.spent.get(ruleId) ?? 0) > this.budgetMs;
  }

  spentMs(ruleId: string): number {
    return this.spent.get(ruleId) ?? 0;
  }
}
