import { createHash } from 'node:crypto';
import type { ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';

/** What decides "updated": the node's content, not when or by which job it was seen. */
export function contentHash(node: ResourceNode): string {
  const { type, provider, name, account, region, tags, attributes } = node;
  return createHash('sha256').update(canonicalJson({ type, provider, name, account, region, tags, attributes })).digest('base64url');
}
