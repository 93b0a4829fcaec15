import type { CompiledRule, Framework, PostureRule } from '@strata/audit-domain';
import { TenantRuleBook, type TenantRule } from '@strata/audit-feature';
import { loadFrameworks, loadRulePacks } from '@strata/audit-packs';
import type { ReadStore } from '@strata/platform-read-store';

/**
 * The rules and frameworks the Findings API knows: the built-in packs, and for a tenant
 * (`forTenant`) its own rules too, with the rules it disabled. Resolves the `framework` /
 * `control` filters to rule ids and feeds posture.
 */
export class FindingsCatalog {
  private readonly byId: ReadonlyMap<string, CompiledRule>;

  constructor(
    readonly rules: readonly CompiledRule[],
    readonly frameworks: readonly Framework[],
    private readonly disabled: ReadonlySet<string> = new Set(),
  ) {
    this.byId = new Map(rules.map((rule) => [rule.id, rule]));
  }

  /** This catalog's frameworks with a tenant's rules (built-in and its own) and their enabled flags. */
  withTenantRules(entries: readonly TenantRule[]): FindingsCatalog {
    return new FindingsCatalog(
      entries.map((entry) => entry.rule),
      this.frameworks,
      new Set(entries.filter((entry) => !entry.enabled).map((entry) => entry.rule.id)),
    );
  }

  /** The packs shipped with Strata, loaded (and their CEL compiled) once. */
  static builtIn(): FindingsCatalog {
    return new FindingsCatalog(loadRulePacks(), loadFrameworks());
  }

  rule(id: string): CompiledRule | undefined {
    return this.byId.get(id);
  }

  framework(id: string): Framework | undefined {
    return this.frameworks.find((framework) => framework.id === id);
  }

  /** The rules mapped to the framework (to one of its controls when given), sorted. */
  ruleIdsMappedTo(framework: string, control?: string): string[] {
    return this.rules
      .filter((rule) => {
        const controls = rule.document.frameworks[framework];
        return controls !== undefined && (control === undefined || controls.includes(control));
      })
      .map((rule) => rule.id)
      .sort();
  }

  /** The rules as posture sees them: a disabled rule evidences no control. */
  postureRules(): PostureRule[] {
    return this.rules.map((rule) => ({ id: rule.id, enabled: !this.disabled.has(rule.id), resourceTypes: rule.document.resource_types, frameworks: rule.document.frameworks }));
  }
}

/** Each tenant's catalog: the built-in one with the tenant's rules, read per request. */
export class TenantCatalogs {
  /** The tenants' rules, compiled once each: the rules API reads and checks them through it too. */
  readonly book: TenantRuleBook;

  constructor(
    readStore: ReadStore,
    readonly builtIn: FindingsCatalog,
  ) {
    this.book = new TenantRuleBook(readStore, builtIn.rules);
  }

  async forTenant(tenantId: string): Promise<FindingsCatalog> {
    return this.builtIn.withTenantRules(await this.book.all(tenantId));
  }
}

/** Injection token of the {@link FindingsCatalog} the API uses. */
export const FINDINGS_CATALOG = Symbol('FINDINGS_CATALOG');
