/** Who may assume a role, read from its trust policy. */
export interface TrustedPrincipals {
  /** AWS services, e.g. `lambda.amazonaws.com`. */
  services: string[];
  /** Accounts, users and roles (`arn:...` or an account id), and `*` for anyone. */
  aws: string[];
  /** Identity providers (SAML, OIDC). */
  federated: string[];
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : []);

/**
 * The principals an IAM trust policy allows. IAM returns policy documents URL-encoded; a document
 * that does not parse yields no principals rather than failing the discovery.
 */
export function trustedPrincipals(document: string | undefined): TrustedPrincipals {
  const result: TrustedPrincipals = { services: [], aws: [], federated: [] };
  if (!document) return result;
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(decodeURIComponent(document)) as { Statement?: unknown };
  } catch {
    return result;
  }
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) as (Statement | undefined)[];
  for (const statement of statements) {
    if (!statement || statement.Effect !== 'Allow') continue;
    const principal = statement.Principal;
    if (principal === '*') {
      result.aws.push('*');
      continue;
    }
    if (typeof principal !== 'object' || principal === null) continue;
    const named = principal as Record<string, unknown>;
    result.services.push(...asList(named['Service']));
    result.aws.push(...asList(named['AWS']));
    result.federated.push(...asList(named['Federated']));
  }
  const unique = (list: string[]) => [...new Set(list)].sort();
  return { services: unique(result.services), aws: unique(result.aws), federated: unique(result.federated) };
}
