import { LoadedGraph, PageEvaluation, RuleSet, RuleTimeBudget, toRuleNode, type AuditSubject, type CompiledRule, type PriceSource } from '@strata/audit-domain';
import { activeNodeKeyRanges, inventoryNodesByTypeView, NeighbourhoodLoader } from '@strata/audit-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { effectivePolicyFor, readTenantSettings } from '@strata/tenancy-settings';
import type { DryRunResult } from '../rules/rules.schemas';
import { TenantMoney } from '@strata/tenancy-settings';

const PAGE = 500;

export interface DryRunLimits {
  /** Nodes evaluated at most (default 100,000). */
  maxNodes?: number;
  /** Time at most (default 10 s); the rule's own evaluation time is bounded like an audit's. */
  timeBudgetMs?: number;
}

/**
 * Evaluates one rule over the tenant's current graph, as an audit would (neighbourhoods loaded
 * page by page, the tenant's thresholds, the price table), writing nothing: the first matches,
 * how many match, and how many could not be judged or failed. Stops at its limits, saying so.
 */
export class RuleDryRun {
  constructor(
    private readonly readStore: ReadStore,
    private readonly prices: PriceSource,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async run(tenantId: string, rule: CompiledRule, limit: number, limits: DryRunLimits = {}): Promise<DryRunResult> {
    const [result, money] = await Promise.all([this.evaluateInUsd(tenantId, rule, limit, limits), TenantMoney.of(this.readStore, tenantId)]);
    return {
      ...result,
      estimated_monthly_savings: money.amount(result.estimated_monthly_savings),
      currency: money.currency,
      matches: result.matches.map((match) => ({ ...match, estimated_monthly_savings: money.amount(match.estimated_monthly_savings) })),
    };
  }

  private async evaluateInUsd(tenantId: string, rule: CompiledRule, limit: number, limits: DryRunLimits): Promise<DryRunResult> {
    const maxNodes = limits.maxNodes ?? 100_000;
    const budgetMs = limits.timeBudgetMs ?? 10_000;
    const started = this.clock();
    const { scanPolicy } = await readTenantSettings(this.readStore, tenantId);
    const thresholds = (provider: string) => effectivePolicyFor(scanPolicy, provider);
    const nodes = this.readStore.collection(inventoryNodesByTypeView).forTenant(tenantId);
    const loader = new NeighbourhoodLoader(this.readStore, tenantId);
    const rules = new RuleSet([rule]);
    const budget = new RuleTimeBudget(budgetMs, this.clock);
    const result: DryRunResult = { rule_id: rule.id, count: 0, evaluated: 0, not_judged: 0, errors: 0, first_error: null, complete: true, estimated_monthly_savings: null, currency: 'USD', matches: [] };
    const overLimit = () => result.evaluated >= maxNodes || this.clock() - started > budgetMs;

    for (const where of activeNodeKeyRanges(rule.document.resource_types)) {
      let cursor: string | undefined;
      do {
        if (overLimit()) {
          result.complete = false;
          return result;
        }
        const page = await nodes.find({ where, limit: Math.min(PAGE, maxNodes - result.evaluated), ...(cursor ? { cursor } : {}) });
        const subjects: AuditSubject[] = page.items.filter(({ doc }) => rule.appliesTo(doc.type)).map(({ doc }) => ({ node: toRuleNode(doc), scope: '', present: true }));
        const graph = new LoadedGraph();
        const evaluation = await loader.evaluate(new PageEvaluation(rules, subjects, { graph, now: new Date(), prices: this.prices, thresholds }, budget), graph);
        for (const { pair, outcome } of evaluation.outcomes.values()) {
          result.evaluated++;
          if (outcome.kind === 'not_applicable') result.not_judged++;
          if (outcome.kind === 'error') {
            result.errors++;
            result.first_error ??= `${pair.subject.node.id}: ${outcome.message}`;
          }
          if (outcome.kind !== 'violated') continue;
          result.count++;
          if (outcome.savingsUsd !== null) result.estimated_monthly_savings = Math.round(((result.estimated_monthly_savings ?? 0) + outcome.savingsUsd) * 100) / 100;
          if (result.matches.length < limit) {
            const { node } = pair.subject;
            result.matches.push({ node: { id: node.id, type: node.type, name: node.name, account: node.account, region: node.region }, reason: outcome.reason, estimated_monthly_savings: outcome.savingsUsd });
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
    }
    return result;
  }
}
