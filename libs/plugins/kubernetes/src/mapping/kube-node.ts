import type { V1ObjectMeta } from '@kubernetes/client-node';
import type { ResourceEdge, ResourceNode } from '@strata/contracts';

/** What every mapper needs to know of the run. */
export interface MapContext {
  cluster: string;
  /** From the nodes' `topology.kubernetes.io/region` label; absent when they do not say. */
  region?: string;
}

/** A listed object: list items carry no `apiVersion`/`kind`, so the list's are passed alongside. */
export interface KubeObject {
  metadata?: V1ObjectMeta;
}

export const clusterNodeId = (cluster: string): string => `k8s:${cluster}`;
export const objectId = (cluster: string, uid: string): string => `k8s:${cluster}:${uid}`;
export const nodeType = (kind: string): string => `kubernetes.${kind.toLowerCase()}`;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** ISO 8601 of a timestamp the client gives as a `Date` (or, unparsed, a string). */
export function isoTime(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The apiVersion kubectl recorded when it last applied the object (deprecated-API rules read it). */
function lastAppliedApiVersion(annotations: Readonly<Record<string, string>> | undefined): string | undefined {
  const applied = annotations?.[LAST_APPLIED];
  if (!applied) return undefined;
  try {
    const version = (JSON.parse(applied) as { apiVersion?: unknown }).apiVersion;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

export function definedOnly(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // A loop rather than fromEntries(entries().filter()): called for every object listed, and the
  // two intermediate arrays were 4 % of the plugin's CPU at 50,000 pods (tools/bench `kubernetes`).
  const defined: Record<string, unknown> = {};
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined) continue;
    // As fromEntries would: an own property even for `__proto__`, never the prototype.
    if (key === '__proto__') Object.defineProperty(defined, key, { value, enumerable: true, writable: true, configurable: true });
    else defined[key] = value;
  }
  return defined;
}

/**
 * The node of one object, with the attributes every kind has (RESOURCES.md "Every node") and
 * the kind's own; attributes left undefined are absent, so a rule reading them does not judge.
 */
export function kubeNode(context: MapContext, kind: string, apiVersion: string, object: KubeObject, attributes: Readonly<Record<string, unknown>>): ResourceNode {
  const metadata = object.metadata ?? {};
  const name = metadata.name ?? '';
  const namespace = metadata.namespace;
  return {
    id: objectId(context.cluster, metadata.uid ?? ''),
    type: nodeType(kind),
    provider: 'kubernetes',
    account: context.cluster,
    ...(context.region === undefined ? {} : { region: context.region }),
    name: namespace ? `${namespace}/${name}` : name,
    tags: { ...(metadata.labels ?? {}) },
    attributes: definedOnly({
      cluster: context.cluster,
      namespace: namespace || undefined,
      object_name: name,
      uid: metadata.uid,
      api_version: apiVersion,
      kind,
      created_at: isoTime(metadata.creationTimestamp),
      last_applied_api_version: lastAppliedApiVersion(metadata.annotations),
      annotation_keys: Object.keys(metadata.annotations ?? {}).sort(),
      ...attributes,
    }),
  };
}

export const edge = (from: string, type: string, to: string): ResourceEdge => ({ from, type, to });

/** Whether every `matchLabels` pair is among `labels` (an empty selector matches everything). */
export function labelsMatch(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>> | undefined): boolean {
  for (const [key, value] of Object.entries(selector)) if (labels?.[key] !== value) return false;
  return true;
}

export interface LabelSelectorLike {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** A `LabelSelector` (matchLabels and matchExpressions) against labels; empty matches everything. */
export function selectorMatches(selector: LabelSelectorLike | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  if (!selector) return true;
  if (!labelsMatch(selector.matchLabels ?? {}, labels)) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const value = labels?.[key];
    const ok =
      operator === 'In' ? value !== undefined && values.includes(value)
      : operator === 'NotIn' ? value === undefined || !values.includes(value)
      : operator === 'Exists' ? value !== undefined
      : operator === 'DoesNotExist' ? value === undefined
      : false;
    if (!ok) return false;
  }
  return true;
}
