import type { Environment } from '@marcbachmann/cel-js';
import { EvaluationSession, RuleEvaluationError, withSession, type EvaluationEnvironment } from './evaluation-session';
import type { EdgesRequest } from './neighbourhood';
import { createRuleEnvironment } from './rule-environment';
import { frameworkMappings, type FrameworkMapping, type RuleDocument, type RuleKind, type Severity } from './rule-document';
import type { RuleNode } from './rule-node';
import { matchesResourceType } from './resource-type-matcher';
import { ruleDependencies, type RuleDependencies } from './rule-dependencies';

/** Where a rule comes from: a pack shipped with Strata, or a tenant's own. */
export type RuleSource = 'builtin' | 'custom';

/** What evaluating a rule on a node found. */
export type RuleOutcome =
  | { kind: 'violated'; reason: string; savingsUsd: number | null; savingsError?: string; approximateSavings?: boolean }
  | { kind: 'compliant' }
  /** The node lacks an attribute the rule reads: the rule does not judge it (no finding, no error). */
  | { kind: 'not_applicable'; missing: string }
  /** The rule needs edges not loaded yet: load `requests` (all it could reach), evaluate again. */
  | { kind: 'pending'; requests: EdgesRequest[] }
  | { kind: 'error'; message: string };

export type RuleExpressionField = 'condition' | 'savings' | 'reason';

/** A rule's CEL does not compile: `field` says which expression, `message` where and why. */
export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    readonly field: RuleExpressionField,
    readonly detail: string,
  ) {
    super(`rule ${ruleId}: ${field} does not compile: ${detail}`);
    this.name = 'RuleCompileError';
  }
}

/** Comprehensions (`exists`, `all`, `map`, ...) nest at most this deep: the static half of a rule's cost limit. */
export const MAX_COMPREHENSION_NESTING = 3;
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

type Program = ((context: Record<string, unknown>) => unknown) & { ast: unknown };

export interface CompiledRule {
  readonly id: string;
  readonly kind: RuleKind;
  readonly severity: Severity;
  readonly title: string;
  readonly frameworks: readonly FrameworkMapping[];
  readonly document: RuleDocument;
  readonly source: RuleSource;
  /** The pack a built-in rule ships in; `custom` for a tenant's. */
  readonly pack: string;
  /** What its verdict depends on: the incremental audit re-evaluates a node when one of these changed. */
  readonly dependencies: RuleDependencies;
  appliesTo(type: string): boolean;
  evaluate(subject: RuleNode, environment: EvaluationEnvironment): RuleOutcome;
}

let sharedEnvironment: Environment | undefined;
/** One environment for every rule: its functions hold no state of their own (see `EvaluationSession`). */
const ruleEnvironment = (): Environment => (sharedEnvironment ??= createRuleEnvironment());

const ACCEPTED_TYPES: Record<RuleExpressionField, readonly string[]> = {
  condition: ['bool', 'dyn'],
  savings: ['double', 'int', 'dyn'],
  reason: ['string', 'dyn'],
};

function compileExpression(ruleId: string, field: RuleExpressionField, source: string): Program {
  const env = ruleEnvironment();
  let program: Program;
  try {
    program = env.parse(source) as unknown as Program;
  } catch (error) {
    throw new RuleCompileError(ruleId, field, (error as Error).message);
  }
  const checked = env.check(source);
  if (!checked.valid) throw new RuleCompileError(ruleId, field, checked.error?.message ?? 'does not type-check');
  if (!ACCEPTED_TYPES[field].includes(String(checked.type))) {
    throw new RuleCompileError(ruleId, field, `must be ${ACCEPTED_TYPES[field][0]}, not ${String(checked.type)}`);
  }
  const nesting = comprehensionNesting(program.ast);
  if (nesting > MAX_COMPREHENSION_NESTING) {
    throw new RuleCompileError(ruleId, field, `comprehensions (exists, all, map, filter) nest ${nesting} deep; at most ${MAX_COMPREHENSION_NESTING} are allowed`);
  }
  return program;
}

/** The deepest nesting of comprehension macros in a parsed expression. */
function comprehensionNesting(ast: unknown): number {
  if (Array.isArray(ast)) return Math.max(0, ...ast.map(comprehensionNesting));
  if (typeof ast !== 'object' || ast === null) return 0;
  const { op, args } = ast as { op?: unknown; args?: unknown };
  const inner = comprehensionNesting(args);
  const isComprehension = op === 'rcall' && Array.isArray(args) && COMPREHENSIONS.has(args[0] as string);
  return isComprehension ? inner + 1 : inner;
}

/** Compiles a rule's expressions once; throws {@link RuleCompileError} naming the expression that fails. */
export function compileRule(document: RuleDocument, origin: { source: RuleSource; pack: string }): CompiledRule {
  const condition = compileExpression(document.id, 'condition', document.condition);
  const savings = document.savings ? compileExpression(document.id, 'savings', document.savings) : undefined;
  const reason = document.reason ? compileExpression(document.id, 'reason', document.reason) : undefined;
  const patterns = document.resource_types;
  return {
    id: document.id,
    kind: document.kind,
    severity: document.severity,
    title: document.title,
    frameworks: frameworkMappings(document),
    document,
    source: origin.source,
    pack: origin.pack,
    dependencies: ruleDependencies([condition.ast, savings?.ast, reason?.ast].filter((ast) => ast !== undefined)),
    appliesTo: (type) => patterns.some((pattern) => matchesResourceType(pattern, type)),
    evaluate(subject, environment) {
      const session = new EvaluationSession(environment, subject);
      const context = { node: subject, now: environment.now, policy: environment.thresholds(subject.provider) };
      const run = (program: Program) => withSession(session, () => program(context));
      // Whatever an evaluation that missed edges concluded (or failed on), it judged a graph with
      // those edges absent: it is pending until they are loaded.
      const unlessPending = (outcome: RuleOutcome): RuleOutcome => (session.missing.size > 0 ? { kind: 'pending', requests: [...session.missing.values()] } : outcome);
      let violated: unknown;
      try {
        violated = run(condition);
      } catch (error) {
        return unlessPending(failure(error));
      }
      if (typeof violated !== 'boolean') return unlessPending({ kind: 'error', message: `the condition gave ${typeof violated}, not a bool` });
      if (!violated) return unlessPending({ kind: 'compliant' });
      return unlessPending({ kind: 'violated', reason: reasonOf(reason, run, document.title), ...savingsOf(savings, run, session) });
    },
  };
}

const MISSING_KEY = /^No such key: (.+)$/m;

function failure(error: unknown): RuleOutcome {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const missing = error instanceof RuleEvaluationError ? null : MISSING_KEY.exec(message);
  if (missing) return { kind: 'not_applicable', missing: missing[1]! };
  return { kind: 'error', message };
}

function reasonOf(reason: Program | undefined, run: (program: Program) => unknown, title: string): string {
  if (!reason) return title;
  try {
    const text = run(reason);
    return typeof text === 'string' && text.length > 0 ? text.slice(0, 500) : title;
  } catch {
    // A reason is prose: one that cannot be worded for this node falls back to the title.
    return title;
  }
}

function savingsOf(
  savings: Program | undefined,
  run: (program: Program) => unknown,
  session: EvaluationSession,
): Pick<Extract<RuleOutcome, { kind: 'violated' }>, 'savingsUsd' | 'savingsError' | 'approximateSavings'> {
  if (!savings) return { savingsUsd: null };
  try {
    const value = run(savings);
    const usd = typeof value === 'bigint' ? Number(value) : value;
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) return { savingsUsd: null, savingsError: `the savings expression gave ${String(value)}` };
    return { savingsUsd: Math.round(usd * 100) / 100, ...(session.approximatePrice ? { approximateSavings: true } : {}) };
  } catch (error) {
    return { savingsUsd: null, savingsError: error instanceof Error ? error.message.split('\n')[0]! : String(error) };
  }
}
