import { createHash } from 'node:crypto';
import type { ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';

// A batch's node is hashed when its stored sighting is read and again when it is planned: the
// same object, so the first hash serves both (a batch, decoded from its message, is never changed).
const hashes = new WeakMap<ResourceNode, string>();

/** What decides "updated": the node's content, not when or by which job it was seen. */
export function contentHash(node: ResourceNode): string {
  const known = hashes.get(node);
  if (known !== undefined) return known;
  const { type, provider, name, account, region, tags, attributes } = node;
  const hash = createHash('sha256').update(canonicalJson({ type, provider, name, account, region, tags, attributes })).digest('base64url');
  hashes.set(node, hash);
  return hash;
}
