import { compileRule, type CompiledRule, type RuleDocument } from '@strata/audit-domain';
import { findAll, type ReadStore } from '@strata/platform-read-store';
import { customRulesCollection, ruleSettingsCollection, type CustomRuleRecord } from '../read-model/audit-collections';

/** A rule as a tenant has it: compiled, where it comes from, and whether it is in force. */
export interface TenantRule {
  rule: CompiledRule;
  enabled: boolean;
  /** Set for a tenant's own rule. */
  custom?: CustomRuleRecord;
}

/** A tenant's stored rule that no longer compiles: left out of audits, listed with its error. */
export interface BrokenRule {
  id: string;
  record: CustomRuleRecord;
  error: string;
}

const PAGE = 500;

/**
 * The rules of each tenant: the built-in packs, compiled once, and the tenant's own, compiled
 * when first read and again only when changed (kept by id and `updated_at`), each enabled unless
 * the tenant disabled it. The audit evaluates the enabled ones; the rules API lists them all.
 */
export class TenantRuleBook {
  private readonly compiled = new Map<string, { updatedAt: string; rule: CompiledRule }>();
  private readonly builtInById: ReadonlyMap<string, CompiledRule>;

  constructor(
    private readonly readStore: ReadStore,
    readonly builtIn: readonly CompiledRule[],
  ) {
    this.builtInById = new Map(builtIn.map((rule) => [rule.id, rule]));
  }

  isBuiltIn(ruleId: string): boolean {
    return this.builtInById.has(ruleId);
  }

  /** Every rule of the tenant, built-in first (pack order), then its own by id. */
  async all(tenantId: string, broken: BrokenRule[] = []): Promise<TenantRule[]> {
    const disabled = new Set<string>();
    for await (const { doc } of findAll(this.readStore.collection(ruleSettingsCollection).forTenant(tenantId), { limit: PAGE })) {
      if (!doc.enabled) disabled.add(doc.rule_id);
    }
    const rules: TenantRule[] = this.builtIn.map((rule) => ({ rule, enabled: !disabled.has(rule.id) }));
    for await (const { id, doc } of findAll(this.readStore.collection(customRulesCollection).forTenant(tenantId), { limit: PAGE })) {
      try {
        rules.push({ rule: this.compileCustom(tenantId, id, doc), enabled: !disabled.has(id), custom: doc });
      } catch (error) {
        broken.push({ id, record: doc, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return rules;
  }

  /** The rules in force for the tenant. */
  async enabled(tenantId: string): Promise<CompiledRule[]> {
    return (await this.all(tenantId)).filter((entry) => entry.enabled).map((entry) => entry.rule);
  }

  async get(tenantId: string, ruleId: string): Promise<TenantRule | undefined> {
    const setting = await this.readStore.collection(ruleSettingsCollection).forTenant(tenantId).get(ruleId);
    const enabled = setting?.enabled ?? true;
    const builtIn = this.builtInById.get(ruleId);
    if (builtIn) return { rule: builtIn, enabled };
    const custom = await this.readStore.collection(customRulesCollection).forTenant(tenantId).get(ruleId);
    return custom ? { rule: this.compileCustom(tenantId, ruleId, custom), enabled, custom } : undefined;
  }

  /** Compiles a tenant's rule document (throws `RuleCompileError`), as the rules API checks it before storing. */
  static compileCustom(document: RuleDocument): CompiledRule {
    return compileRule(document, { source: 'custom', pack: 'custom' });
  }

  private compileCustom(tenantId: string, ruleId: string, record: CustomRuleRecord): CompiledRule {
    const key = `${tenantId}\u0000${ruleId}`;
    const cached = this.compiled.get(key);
    if (cached && cached.updatedAt === record.updated_at) return cached.rule;
    // Stored documents compiled when they were written; the language only grows, so this holds.
    const rule = TenantRuleBook.compileCustom(record.document);
    this.compiled.set(key, { updatedAt: record.updated_at, rule });
    return rule;
  }
}
