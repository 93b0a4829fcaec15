/** Whether a rule's `resource_types` pattern covers a node type (see `ruleDocumentSchema`). */
export function matchesResourceType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
