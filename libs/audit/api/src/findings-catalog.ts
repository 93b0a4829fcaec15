import type { CompiledRule, Framework, PostureRule } from '@strata/audit-domain';
import { loadFrameworks, loadRulePacks } from '@strata/audit-packs';

/**
 * The rules and frameworks the Findings API knows: the built-in packs for now (every built-in
 * rule enabled). Resolves the `framework` / `control` filters to rule ids and feeds posture.
 */
export class FindingsCatalog {
  private readonly byId: ReadonlyMap<string, CompiledRule>;

  constructor(
    readonly rules: readonly CompiledRule[],
    readonly frameworks: readonly Framework[],
  ) {
    this.byId = new Map(rules.map((rule) => [rule.id, rule]));
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

  /** The rules as posture sees them: all enabled. */
  postureRules(): PostureRule[] {
    return this.rules.map((rule) => ({ id: rule.id, enabled: true, resourceTypes: rule.document.resource_types, frameworks: rule.document.frameworks }));
  }
}

/** Injection token of the {@link FindingsCatalog} the API uses. */
export const FINDINGS_CATALOG = Symbol('FINDINGS_CATALOG');
