import { parse as parseYaml } from 'yaml';

/*
 * Reading a kubeconfig, shared by the kubernetes plugin (which vets one before its client loads
 * it) and tenancy (which lists a stored one's contexts): pure, no file, no program, no client.
 */

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/** A kubeconfig as stored (raw YAML/JSON) or as the seed's job config sends it (base64). */
export function decodeKubeconfig(value: string): string {
  if (BASE64_TEXT.test(value)) {
    const decoded = Buffer.from(value.replace(/\s/g, ''), 'base64').toString('utf8');
    if (/\bclusters\b/.test(decoded)) return decoded;
  }
  return value;
}

/** User entries that would make a worker run a program or read its own files on the kubeconfig's behalf: refused. */
export const KUBECONFIG_REFUSED_USER_FIELDS: readonly (readonly [field: string, why: string])[] = [
  ['exec', 'an exec credential plugin (it would run a program on the worker)'],
  ['auth-provider', 'an auth-provider (it would run a program or refresh tokens on the worker)'],
  ['token-file', 'a token-file (a path on the worker)'],
  ['client-certificate', 'a client-certificate file path (use client-certificate-data)'],
  ['client-key', 'a client-key file path (use client-key-data)'],
];

type Entry = { name?: unknown; user?: Record<string, unknown>; context?: Record<string, unknown>; cluster?: Record<string, unknown> };

/** A kubeconfig's entries, as parsed; names only where a value could be a secret. */
export interface KubeconfigDocument {
  currentContext: string | undefined;
  contexts: Entry[];
  users: Entry[];
  clusters: Entry[];
}

/** A kubeconfig that cannot be read; the message names no value. */
export class KubeconfigError extends Error {}

/** Parses a kubeconfig (YAML or JSON, raw or base64); `KubeconfigError` when it is not one. */
export function readKubeconfig(value: string): KubeconfigDocument {
  let document: unknown;
  try {
    document = parseYaml(decodeKubeconfig(value));
  } catch {
    throw new KubeconfigError('The kubeconfig is not valid YAML or JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw new KubeconfigError('The kubeconfig is not a YAML or JSON document');
  const record = document as Record<string, unknown>;
  const list = (key: string): Entry[] => (Array.isArray(record[key]) ? (record[key] as unknown[]).filter((e): e is Entry => typeof e === 'object' && e !== null) : []);
  const current = record['current-context'];
  return { currentContext: typeof current === 'string' && current !== '' ? current : undefined, contexts: list('contexts'), users: list('users'), clusters: list('clusters') };
}

/** The refused entry a kubeconfig user has (the first), if any. */
export function refusedUserField(document: KubeconfigDocument, userName: unknown): { field: string; why: string } | undefined {
  const user = document.users.find((entry) => entry.name === userName)?.user ?? {};
  for (const [field, why] of KUBECONFIG_REFUSED_USER_FIELDS) if (user[field] !== undefined) return { field, why };
  return undefined;
}

/** One context of a kubeconfig: names only. */
export interface KubeconfigContext {
  name: string;
  cluster: string | null;
  user: string | null;
  namespace: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The contexts of a kubeconfig, in its order (entries without a name left out). */
export function kubeconfigContexts(document: KubeconfigDocument): KubeconfigContext[] {
  return document.contexts.flatMap((entry) =>
    typeof entry.name === 'string' && entry.name !== ''
      ? [{ name: entry.name, cluster: text(entry.context?.['cluster']), user: text(entry.context?.['user']), namespace: text(entry.context?.['namespace']) }]
      : [],
  );
}
