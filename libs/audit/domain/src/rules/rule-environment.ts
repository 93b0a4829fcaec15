import { Environment } from '@marcbachmann/cel-js';
import { currentSession, RuleEvaluationError } from './evaluation-session';

const MS_PER_DAY = 86_400_000;

/**
 * The CEL environment every rule compiles in, and so the whole language a rule may use:
 * - `node`: the node judged (`id`, `type`, `provider`, `name`, `account`, `region`, `tags`,
 *   `attributes`); `now`: the audit's time; `policy`: the tenant's utilisation thresholds for
 *   the node's provider (`cpu_percent`, `network_mb`, `lookback_days`).
 * - `n.outgoing("type")` / `n.incoming("type")`: the nodes at the other end of `n`'s active
 *   edges of that type (at most 500), `n.outgoingCount("type")` / `n.incomingCount("type")`
 *   how many there are; `n` is `node` or a node these returned, at most 3 hops away.
 * - `price("ebs.gp3.gb_month")` (the node's region) or `price(key, region)`: USD from the dated
 *   price table; `HOURS_PER_MONTH` (730).
 * - `total(list)`: the sum of a list of numbers, as a double (`total(vs.map(v, v.attributes.size_gb))`).
 * - `ageDays("2026-01-01T00:00:00Z")`: days since an ISO 8601 time, as of `now`.
 * Plus CEL's standard library and optional chaining (`node.attributes.?x.orValue(0.0)`).
 * Attribute numbers are doubles: compare them with any number, do arithmetic with `1.0`.
 */
export function createRuleEnvironment(): Environment {
  const env = new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
    limits: { maxAstNodes: 500, maxDepth: 40, maxListElements: 200, maxMapEntries: 100, maxCallArguments: 8 },
  })
    .registerVariable('node', 'map', { description: 'The node judged.' })
    .registerVariable('now', 'google.protobuf.Timestamp', { description: 'When the audit runs.' })
    .registerVariable('policy', 'map', { description: "The tenant's utilisation thresholds for the node's provider." })
    .registerConstant('HOURS_PER_MONTH', 'double', 730);

  const edgeFunction = (name: string, direction: 'out' | 'in', what: 'nodes' | 'count') =>
    env.registerFunction({
      name,
      receiverType: 'map',
      returnType: what === 'nodes' ? 'list<map>' : 'int',
      params: [{ name: 'edgeType', type: 'string' }],
      description: what === 'nodes' ? `The nodes at the ${direction === 'out' ? 'target' : 'source'} of the node's edges of a type` : `How many edges of a type ${direction === 'out' ? 'leave' : 'enter'} the node`,
      handler: (node: unknown, edgeType: string) => {
        const found = currentSession().neighbours(node, direction, edgeType, what);
        return typeof found === 'number' ? BigInt(found) : found;
      },
    });
  edgeFunction('outgoing', 'out', 'nodes');
  edgeFunction('incoming', 'in', 'nodes');
  edgeFunction('outgoingCount', 'out', 'count');
  edgeFunction('incomingCount', 'in', 'count');

  env.registerFunction('price(string): double', (key: string) => {
    const session = currentSession();
    return session.price(key, session.subject.region ?? undefined);
  });
  env.registerFunction('price(string, string): double', (key: string, region: string) => currentSession().price(key, region));
  env.registerFunction('total(list): double', (values: readonly unknown[]) =>
    values.reduce<number>((sum, value) => {
      const number = typeof value === 'bigint' ? Number(value) : value;
      if (typeof number !== 'number') throw new RuleEvaluationError(`total() adds numbers, not ${typeof value}`);
      return sum + number;
    }, 0),
  );
  env.registerFunction('ageDays(string): double', (iso: string) => {
    const at = Date.parse(iso);
    if (Number.isNaN(at)) throw new RuleEvaluationError(`ageDays() needs an ISO 8601 time, not "${iso}"`);
    return (currentSession().environment.now.getTime() - at) / MS_PER_DAY;
  });
  return env;
}
