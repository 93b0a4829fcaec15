import { createHash } from 'node:crypto';
import { DEFAULT_THRESHOLDS, type CompiledRule, type PriceSource } from '@strata/audit-domain';
import { builtInPrices, loadRulePacks } from '@strata/audit-packs';
import type { ReadStore } from '@strata/platform-read-store';
import { effectivePolicyFor, readTenantSettings } from '@strata/tenancy-settings';
import type { AuditInputs, TenantAuditInputsSnapshot } from './evaluate-scope/scope-evaluator';
import { TenantRuleBook } from './tenant-rules/tenant-rule-book';

/**
 * What each tenant's audit evaluates with: the built-in packs (compiled once per process) and the
 * tenant's own rules, less those it disabled; its scan policy's thresholds; the dated price table.
 */
export class TenantAuditInputs implements AuditInputs {
  readonly book: TenantRuleBook;
  readonly prices: PriceSource;

  constructor(
    private readonly readStore: ReadStore,
    options: { builtIn?: readonly CompiledRule[]; prices?: PriceSource } = {},
  ) {
    this.book = new TenantRuleBook(readStore, options.builtIn ?? loadRulePacks());
    this.prices = options.prices ?? builtInPrices();
  }

  rules(tenantId: string): Promise<readonly CompiledRule[]> {
    return this.book.enabled(tenantId);
  }

  async forTenant(tenantId: string): Promise<TenantAuditInputsSnapshot> {
    const [rules, { scanPolicy }] = await Promise.all([this.rules(tenantId), readTenantSettings(this.readStore, tenantId)]);
    return { rules, thresholds: (provider) => effectivePolicyFor(scanPolicy, provider), fingerprint: inputsFingerprint(rules, scanPolicy, this.prices) };
  }
}

/** Fixed inputs, the same for every tenant: a test's own rules and prices. */
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

  async fingerprint(): Promise<string> {
    return inputsFingerprint(await this.rules(), DEFAULT_THRESHOLDS, this.prices);
  }

  async forTenant(): Promise<TenantAuditInputsSnapshot> {
    return { rules: await this.rules(), thresholds: () => DEFAULT_THRESHOLDS, fingerprint: await this.fingerprint() };
  }
}

/** A digest of everything an audit evaluates with besides the graph. */
function inputsFingerprint(rules: readonly CompiledRule[], thresholds: unknown, prices: PriceSource): string {
  const hash = createHash('sha256');
  for (const rule of [...rules].sort((a, b) => (a.id < b.id ? -1 : 1))) hash.update(JSON.stringify(rule.document)).update('\n');
  hash.update(JSON.stringify(thresholds));
  hash.update(prices.version ?? '');
  return hash.digest('hex');
}
