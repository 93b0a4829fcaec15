import { ruleDocumentSchema, type RuleDocument } from '@strata/audit-domain';
import { RequestValidationError } from '@strata/platform-http';
import type { RuleDryRun } from '../dry-run-rule/rule-dry-run';
import { RuleNotFoundError } from './rule-errors';
import type { RulesApi } from './rules-api.service';
import type { DryRunRequest, DryRunResult } from './rules.schemas';

/** The rules API's use cases, as the controller reaches them. */
export class RulesApiHandle {
  constructor(
    readonly api: RulesApi,
    private readonly dryRuns: RuleDryRun,
  ) {}

  /** A posted document (checked as on create, its id defaulted) or one of the tenant's rules, dry-run. */
  async dryRun(tenantId: string, request: DryRunRequest): Promise<DryRunResult> {
    if (request.rule_id !== undefined) {
      const entry = await this.api.book.get(tenantId, request.rule_id);
      if (!entry) throw new RuleNotFoundError(request.rule_id);
      return this.dryRuns.run(tenantId, entry.rule, request.limit);
    }
    const raw = request.rule;
    const candidate = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? { id: 'dry-run', ...raw } : raw;
    const parsed = ruleDocumentSchema.safeParse(candidate);
    if (!parsed.success) {
      throw new RequestValidationError('The rule is not valid', parsed.error.issues.map((issue) => ({ path: ['rule', ...issue.path].join('.'), message: issue.message })));
    }
    const document: RuleDocument = parsed.data;
    return this.dryRuns.run(tenantId, this.api.checked(document), request.limit);
  }
}

export const RULES_API = Symbol('RULES_API');
