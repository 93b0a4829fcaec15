import type { TenantRule } from '@strata/audit-feature';
import type { RuleHealth } from '@strata/audit-feature';
import type { RuleView } from './rules.schemas';

export function ruleView({ rule, enabled, custom }: TenantRule, health: RuleHealth | undefined): RuleView {
  const { document } = rule;
  return {
    id: rule.id,
    title: document.title,
    description: document.description,
    severity: document.severity,
    kind: document.kind,
    resource_types: [...document.resource_types],
    condition: document.condition,
    reason: document.reason ?? null,
    savings: document.savings ?? null,
    remediation: document.remediation,
    frameworks: document.frameworks,
    references: [...document.references],
    examples: document.examples.length,
    source: rule.source,
    pack: rule.pack,
    enabled,
    created_at: custom?.created_at ?? null,
    updated_at: custom?.updated_at ?? null,
    last_error: health?.last_error ?? null,
    last_evaluated_at: health?.last_evaluated_at ?? null,
  };
}
