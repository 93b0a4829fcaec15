import type { EdgeDirection } from './neighbourhood';

export interface EdgeStep {
  direction: EdgeDirection;
  edgeType: string;
}

/** What a rule's verdict on a node depends on besides the node's own attributes. */
export interface RuleDependencies {
  /**
   * The walks from the judged node to every node whose attributes or edges the rule reads, each
   * a list of steps (`[]`, the node itself, is always there). A change at the end of any walk
   * may change the verdict; elsewhere it cannot.
   */
  paths: EdgeStep[][];
  /** Reads `now` or `ageDays()`: the verdict can change with time alone. */
  timeDependent: boolean;
  /** Walks the graph in a way this analysis cannot follow (a computed edge type, a node chosen by a condition): any change may matter. */
  unbounded: boolean;
}

type Path = EdgeStep[];
interface Ast {
  op: string;
  args: unknown;
}

const WALKS: Readonly<Record<string, EdgeDirection>> = { outgoing: 'out', incoming: 'in' };
const COUNTS = new Set(['outgoingCount', 'incomingCount']);
const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

const isAst = (value: unknown): value is Ast => typeof value === 'object' && value !== null && typeof (value as Ast).op === 'string';
const stringLiteral = (value: unknown): string | undefined => (isAst(value) && value.op === 'value' && typeof value.args === 'string' ? value.args : undefined);
const key = (path: Path): string => path.map((step) => `${step.direction}:${step.edgeType}`).join('/');

/**
 * Reads a rule's dependencies from its parsed expressions: which walks through the graph it
 * takes (literal edge types, from `node` or from nodes earlier walks gave it), and whether it
 * reads the time. What it cannot follow makes the rule `unbounded`.
 */
export function ruleDependencies(asts: readonly unknown[]): RuleDependencies {
  const paths = new Map<string, Path>([['', []]]);
  let timeDependent = false;
  let unbounded = false;
  const record = (path: Path) => paths.set(key(path), path);

  /** The walk an expression's value is the end of (a node, or a list of nodes), if it is one. */
  const walk = (expression: unknown, scope: ReadonlyMap<string, Path | undefined>): Path | undefined => {
    if (Array.isArray(expression)) {
      for (const item of expression) walk(item, scope);
      return undefined;
    }
    if (!isAst(expression)) return undefined;
    const { op, args } = expression;
    if (op === 'id') {
      if (typeof args === 'string' && scope.has(args)) return scope.get(args);
      if (args === 'node') return [];
      if (args === 'now') timeDependent = true;
      return undefined;
    }
    if (op === 'call' && Array.isArray(args)) {
      if (args[0] === 'ageDays') timeDependent = true;
      walk(args[1], scope);
      return undefined;
    }
    if (op === 'rcall' && Array.isArray(args)) {
      const [name, receiver, callArgs] = args as [string, unknown, unknown[]];
      if (name in WALKS || COUNTS.has(name)) {
        const from = walk(receiver, scope);
        walk(callArgs, scope);
        const edgeType = stringLiteral(callArgs?.[0]);
        if (from === undefined || edgeType === undefined) {
          unbounded = true;
          return undefined;
        }
        if (COUNTS.has(name)) return undefined;
        const path = [...from, { direction: WALKS[name]!, edgeType }];
        record(path);
        return path;
      }
      if (COMPREHENSIONS.has(name) && Array.isArray(callArgs)) {
        const list = walk(receiver, scope);
        const variable = isAst(callArgs[0]) && typeof callArgs[0].args === 'string' ? callArgs[0].args : undefined;
        const inner = new Map(scope);
        if (variable !== undefined) inner.set(variable, list);
        for (const body of callArgs.slice(1)) walk(body, inner);
        return name === 'filter' ? list : undefined;
      }
      if (name === 'bind' && isAst(receiver) && receiver.args === 'cel' && Array.isArray(callArgs)) {
        const [variable, value, body] = callArgs;
        const inner = new Map(scope);
        if (isAst(variable) && typeof variable.args === 'string') inner.set(variable.args, walk(value, scope));
        return walk(body, inner);
      }
      walk(receiver, scope);
      walk(callArgs, scope);
      return undefined;
    }
    if (op === '[]' && Array.isArray(args)) {
      const list = walk(args[0], scope);
      walk(args.slice(1), scope);
      return list;
    }
    walk(args, scope);
    return undefined;
  };

  for (const ast of asts) walk(ast, new Map());
  return { paths: [...paths.values()], timeDependent, unbounded };
}
