import { DEFAULT_THRESHOLDS, type CompiledRule, type PriceSource, type ScanThresholds } from '@strata/audit-domain';
import { builtInPrices, loadRulePacks } from '@strata/audit-packs';
import type { AuditInputs } from './evaluate-scope/scope-evaluator';

/**
 * The inputs of every tenant's audit: the built-in rule packs (compiled once per process), the
 * dated price table, and the default thresholds. Tenant settings, custom rules and per-tenant
 * enabling come on top of these.
 */
export class BuiltInAuditInputs implements AuditInputs {
  private builtIn: readonly CompiledRule[] | undefined;
  readonly prices: PriceSource;

  constructor(options: { rules?: readonly CompiledRule[]; prices?: PriceSource } = {}) {
    this.builtIn = options.rules;
    this.prices = options.prices ?? builtInPrices();
  }

  async rules(): Promise<readonly CompiledRule[]> {
    return (this.builtIn ??= loadRulePacks());
  }

  async thresholds(): Promise<(provider: string) => ScanThresholds> {
    return () => DEFAULT_THRESHOLDS;
  }
}
