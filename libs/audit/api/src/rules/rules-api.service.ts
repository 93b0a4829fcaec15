import {
  checkRuleExamples,
  mappingProblems,
  RuleCompileError,
  ruleDocumentSchema,
  type CompiledRule,
  type Framework,
  type PriceSource,
  type RuleDocument,
} from '@strata/audit-domain';
import { customRulesCollection, ruleHealthCollection, ruleSettingsCollection, TenantRuleBook, type RuleHealth, type TenantRule } from '@strata/audit-feature';
import { DomainError } from '@strata/contracts';
import { RequestValidationError, type FieldProblem } from '@strata/platform-http';
import type { ReadStore } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { RuleExistsError, RuleNotFoundError } from './rule-errors';
import { ruleView } from './rule-views';
import type { ListRulesQuery, PatchRuleRequest, RuleView } from './rules.schemas';

const CURSOR_PREFIX = 'r1:';

/**
 * The rules API: a tenant's rules (built-in and its own) with their enabled flag and health,
 * and changes to them. A change takes effect at the tenant's next audit: a disabled or deleted
 * rule's findings resolve there, a new or enabled rule's open there.
 */
export class RulesApi {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly readStore: ReadStore,
    readonly book: TenantRuleBook,
    private readonly frameworks: readonly Framework[],
    private readonly prices: PriceSource,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async list(tenantId: string, query: ListRulesQuery): Promise<{ items: RuleView[]; page: { limit: number; next_cursor: string | null; has_more: boolean }; total: number }> {
    const matched = (await this.book.all(tenantId)).filter(
      ({ rule, enabled }) =>
        (query.source === undefined || rule.source === query.source) &&
        (query.pack === undefined || rule.pack === query.pack) &&
        (query.kind === undefined || rule.kind === query.kind) &&
        (query.severity === undefined || rule.severity === query.severity) &&
        (query.enabled === undefined || enabled === query.enabled) &&
        (query.resource_type === undefined || rule.appliesTo(query.resource_type)),
    );
    let start = 0;
    if (query.cursor !== undefined) {
      const after = query.cursor.startsWith(CURSOR_PREFIX) ? Buffer.from(query.cursor.slice(CURSOR_PREFIX.length), 'base64url').toString() : '';
      const at = matched.findIndex(({ rule }) => rule.id === after);
      if (at < 0) throw new DomainError('invalid_cursor', 'The cursor is not one of this list');
      start = at + 1;
    }
    const page = matched.slice(start, start + query.limit);
    const hasMore = start + page.length < matched.length;
    const health = await this.health(tenantId, page.map(({ rule }) => rule.id));
    return {
      items: page.map((entry) => ruleView(entry, health.get(entry.rule.id))),
      page: { limit: query.limit, next_cursor: hasMore ? CURSOR_PREFIX + Buffer.from(page.at(-1)!.rule.id).toString('base64url') : null, has_more: hasMore },
      total: matched.length,
    };
  }

  async get(tenantId: string, ruleId: string): Promise<RuleView> {
    const entry = await this.book.get(tenantId, ruleId);
    if (!entry) throw new RuleNotFoundError(ruleId);
    return ruleView(entry, (await this.health(tenantId, [ruleId])).get(ruleId));
  }

  /** Stores a tenant's own rule once it compiles, maps to known controls and judges its examples as they say. */
  async create(tenantId: string, document: RuleDocument, author: string | null): Promise<RuleView> {
    const rule = this.checked(document);
    return this.lock.run(`${tenantId}:${document.id}`, async () => {
      if (this.book.isBuiltIn(document.id)) throw new RuleExistsError(document.id, true);
      const rules = this.readStore.collection(customRulesCollection).forTenant(tenantId);
      if (await rules.get(document.id)) throw new RuleExistsError(document.id, false);
      const now = this.clock().toISOString();
      const record = { document, created_at: now, updated_at: now, updated_by: author };
      await rules.upsert(document.id, record);
      return ruleView({ rule, enabled: true, custom: record }, undefined);
    });
  }

  /** Enables or disables any rule; changes a tenant's own rule's document (checked as on create). */
  async patch(tenantId: string, ruleId: string, patch: PatchRuleRequest, author: string | null): Promise<RuleView> {
    return this.lock.run(`${tenantId}:${ruleId}`, async () => {
      const entry = await this.book.get(tenantId, ruleId);
      if (!entry) throw new RuleNotFoundError(ruleId);
      const { enabled, ...changes } = patch;
      const now = this.clock().toISOString();
      let updated: TenantRule = entry;
      if (Object.keys(changes).length > 0) {
        if (!entry.custom) throw new DomainError('builtin_rule_readonly', `${ruleId} is a built-in rule: only "enabled" can change; copy it into a rule of your own to change it`);
        const merged: Record<string, unknown> = { ...entry.custom.document };
        for (const [field, value] of Object.entries(changes)) {
          if (value === null) delete merged[field];
          else merged[field] = value;
        }
        const parsed = ruleDocumentSchema.safeParse(merged);
        if (!parsed.success) {
          throw new RequestValidationError('The changed rule is not valid', parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })));
        }
        const rule = this.checked(parsed.data);
        const record = { ...entry.custom, document: parsed.data, updated_at: now, updated_by: author };
        await this.readStore.collection(customRulesCollection).forTenant(tenantId).upsert(ruleId, record);
        updated = { ...updated, rule, custom: record };
      }
      if (enabled !== undefined && enabled !== entry.enabled) {
        await this.readStore.collection(ruleSettingsCollection).forTenant(tenantId).upsert(ruleId, { rule_id: ruleId, enabled, updated_at: now, updated_by: author });
        updated = { ...updated, enabled };
      }
      return ruleView(updated, (await this.health(tenantId, [ruleId])).get(ruleId));
    });
  }

  /** Deletes a tenant's own rule; a built-in one can only be disabled. */
  async delete(tenantId: string, ruleId: string): Promise<void> {
    await this.lock.run(`${tenantId}:${ruleId}`, async () => {
      if (this.book.isBuiltIn(ruleId)) throw new DomainError('builtin_rule', `${ruleId} is a built-in rule: disable it with PATCH {"enabled": false} instead`);
      const rules = this.readStore.collection(customRulesCollection).forTenant(tenantId);
      if (!(await rules.get(ruleId))) throw new RuleNotFoundError(ruleId);
      await rules.delete(ruleId);
      await this.readStore.collection(ruleSettingsCollection).forTenant(tenantId).delete(ruleId);
    });
  }

  /** Compiles a rule document and runs its examples: a 400 naming the field and the problem otherwise. */
  checked(document: RuleDocument): CompiledRule {
    let rule: CompiledRule;
    try {
      rule = TenantRuleBook.compileCustom(document);
    } catch (error) {
      if (!(error instanceof RuleCompileError)) throw error;
      throw new RequestValidationError(`The rule's ${error.field} does not compile`, [{ path: error.field, message: error.detail }]);
    }
    const mapping: FieldProblem[] = mappingProblems(this.frameworks, [{ id: document.id, frameworks: document.frameworks }]).map((problem) => ({
      path: `frameworks.${problem.framework}`,
      message: problem.problem === 'unknown_framework' ? `no framework ${problem.framework}` : `${problem.framework} has no control ${problem.control}`,
    }));
    if (mapping.length > 0) throw new RequestValidationError('The rule maps to controls that do not exist', mapping);
    const failures = checkRuleExamples(rule, document.examples, this.prices);
    if (failures.length > 0) throw new RequestValidationError("The rule's examples are not judged as they say", failures.map((message) => ({ path: 'examples', message })));
    return rule;
  }

  private async health(tenantId: string, ruleIds: readonly string[]): Promise<Map<string, RuleHealth>> {
    return this.readStore.collection(ruleHealthCollection).forTenant(tenantId).getMany(ruleIds);
  }
}
