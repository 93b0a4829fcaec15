import type { ResourceBatch, ResourceEdge, ResourceNode } from '@strata/contracts';
import type { PayloadSchema } from '@strata/platform-messaging';

/** Why a payload is not a `ResourceBatch`; the consumer terminates it. */
export class InvalidResourceBatchError extends Error {
  constructor(path: string, expected: string) {
    super(`${path || 'batch'}: expected ${expected}`);
    this.name = 'InvalidResourceBatchError';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function object(value: unknown, path: string): Json {
  if (!isObject(value)) throw new InvalidResourceBatchError(path, 'an object');
  return value;
}

function string(value: unknown, path: string, nonEmpty = false): string {
  if (typeof value !== 'string') throw new InvalidResourceBatchError(path, 'a string');
  if (nonEmpty && value.length === 0) throw new InvalidResourceBatchError(path, 'a non-empty string');
  return value;
}

function integer(value: unknown, path: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidResourceBatchError(path, `an integer of at least ${min}`);
  }
  return value;
}

function time(value: unknown, path: string): string {
  const text = string(value, path);
  // Compared with other times as instants, so it must be one.
  if (Number.isNaN(Date.parse(text))) throw new InvalidResourceBatchError(path, 'an ISO 8601 time');
  return text;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidResourceBatchError(path, 'an array');
  return value;
}

/** `value` itself when it has no other keys than `keys`, else a copy with only those (as it is stored). */
function only<T extends Json>(value: T, keys: readonly string[]): T {
  let extra = false;
  for (const key in value) {
    if (!keys.includes(key)) {
      extra = true;
      break;
    }
  }
  if (!extra) return value;
  const kept: Json = {};
  for (const key of keys) if (Object.hasOwn(value, key)) kept[key] = value[key];
  return kept as T;
}

const NODE_KEYS = ['id', 'type', 'provider', 'name', 'account', 'region', 'tags', 'attributes'] as const;
const EDGE_KEYS = ['from', 'to', 'type'] as const;
const BATCH_KEYS = ['tenantId', 'jobId', 'plugin', 'attempt', 'sequence', 'scope', 'observedAt', 'nodes', 'edges'] as const;

function resourceNode(value: unknown, path: string): ResourceNode {
  const node = object(value, path);
  string(node['id'], `${path}.id`, true);
  string(node['type'], `${path}.type`, true);
  string(node['provider'], `${path}.provider`);
  string(node['name'], `${path}.name`);
  if (node['account'] !== undefined) string(node['account'], `${path}.account`);
  if (node['region'] !== undefined) string(node['region'], `${path}.region`);
  const tags = object(node['tags'], `${path}.tags`);
  for (const key in tags) string(tags[key], `${path}.tags.${key}`);
  object(node['attributes'], `${path}.attributes`);
  return only(node, NODE_KEYS) as unknown as ResourceNode;
}

function resourceEdge(value: unknown, path: string): ResourceEdge {
  const edge = object(value, path);
  for (const key of EDGE_KEYS) string(edge[key], `${path}.${key}`, true);
  return only(edge, EDGE_KEYS) as unknown as ResourceEdge;
}

/** `items` itself when every item passed as it is, else a new array with the stripped copies. */
function checkedItems<T>(items: unknown[], path: string, check: (item: unknown, path: string) => T): T[] {
  let result: T[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = check(items[i], `${path}[${i}]`);
    if (result === undefined && item !== items[i]) result = items.slice(0, i) as T[];
    result?.push(item);
  }
  return result ?? (items as T[]);
}

/**
 * A `ResourceBatch` as it arrives on `discovery.batches.<tenant>.<job>`. One that does not match
 * can never be ingested, so the consumer terminates it instead of retrying.
 *
 * Checked by hand rather than with a zod schema: zod builds a copy of every batch (500 nodes and
 * their edges) as it checks it, which doubled what a batch costs in memory and allocation while
 * it waits to be written. This returns the parsed payload itself; only an object carrying keys
 * the contract does not know is copied, without them, as zod did.
 */
export const resourceBatchSchema: PayloadSchema<ResourceBatch> = {
  parse(input: unknown): ResourceBatch {
    const batch = object(input, '');
    string(batch['tenantId'], 'tenantId', true);
    string(batch['jobId'], 'jobId', true);
    string(batch['plugin'], 'plugin', true);
    integer(batch['attempt'], 'attempt', 1);
    integer(batch['sequence'], 'sequence', 0);
    string(batch['scope'], 'scope', true);
    if (batch['observedAt'] !== undefined) time(batch['observedAt'], 'observedAt');
    const nodes = checkedItems(array(batch['nodes'], 'nodes'), 'nodes', resourceNode);
    const edges = checkedItems(array(batch['edges'], 'edges'), 'edges', resourceEdge);
    const checked = only(batch, BATCH_KEYS);
    if (nodes === checked['nodes'] && edges === checked['edges']) return checked as unknown as ResourceBatch;
    return { ...checked, nodes, edges } as unknown as ResourceBatch;
  },
};
