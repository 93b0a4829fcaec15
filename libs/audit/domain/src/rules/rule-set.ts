import type { CompiledRule } from './compile-rule';

/**
 * The rules of one audit, indexed by node type: a node is only evaluated against the rules whose
 * `resource_types` cover its type, found once per type.
 */
export class RuleSet {
  private readonly byType = new Map<string, readonly CompiledRule[]>();
  private readonly byId: ReadonlyMap<string, CompiledRule>;

  constructor(readonly rules: readonly CompiledRule[]) {
    this.byId = new Map(rules.map((rule) => [rule.id, rule]));
  }

  rulesFor(type: string): readonly CompiledRule[] {
    let found = this.byType.get(type);
    if (!found) {
      found = this.rules.filter((rule) => rule.appliesTo(type));
      this.byType.set(type, found);
    }
    return found;
  }

  get(id: string): CompiledRule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }
}
