interface Statement {
  Effect?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * Whether an IAM policy document grants full administrator rights: a statement that allows
 * every action (`"Action": "*"`) on every resource (`"Resource": "*"`). IAM returns documents
 * URL-encoded; `undefined` for one that does not parse, so a rule reading the answer does not
 * judge what could not be read. Conditions are not weighed: a conditioned `*` on `*` is still
 * an administrator grant waiting for its condition.
 */
export function grantsFullAdmin(document: string | undefined): boolean | undefined {
  if (!document) return undefined;
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(decodeURIComponent(document)) as { Statement?: unknown };
  } catch {
    return undefined;
  }
  if (typeof policy !== 'object' || policy === null) return undefined;
  return asList(policy.Statement).some((statement) => {
    if (typeof statement !== 'object' || statement === null) return false;
    const { Effect, Action, Resource } = statement as Statement;
    return Effect === 'Allow' && asList(Action).includes('*') && asList(Resource).includes('*');
  });
}
