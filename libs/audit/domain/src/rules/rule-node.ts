import type { ResourceNode } from '@strata/contracts';

/** A node as a rule's CEL sees it (`node`, and the ends of `outgoing()` / `incoming()`). */
export interface RuleNode {
  id: string;
  type: string;
  provider: string;
  name: string;
  /** Null, not absent, so `node.account == "…"` is false rather than an error. */
  account: string | null;
  region: string | null;
  tags: Readonly<Record<string, string>>;
  attributes: Readonly<Record<string, unknown>>;
}

export function toRuleNode(node: ResourceNode): RuleNode {
  return {
    id: node.id,
    type: node.type,
    provider: node.provider,
    name: node.name,
    account: node.account ?? null,
    region: node.region ?? null,
    tags: node.tags,
    attributes: node.attributes,
  };
}
