import { activeNodeKey } from '@strata/audit-feature';
import { defineCollection, type ReadStore } from '@strata/platform-read-store';

/**
 * The inventory's `nodes` collection as posture reads it: counts only, never written. Declares
 * only keys the inventory declares (ordered, as there), so binding it never changes the
 * inventory's table or indexes: `status_type` is `<status>|<type>`, `status_account`
 * `<status>|<account>`.
 */
export interface InventoryNodeKeys {
  status_type: string;
  status_account: string | null;
}

export const inventoryNodeKeysView = defineCollection<InventoryNodeKeys>({
  name: 'nodes',
  indexes: { status_type: 'string', status_account: 'string' },
});

const ACTIVE = 'active|';

/** Patterns none of the others covers (`aws.ec2.volume` under `aws.ec2.*`, anything under `*`): each node counted once. */
function uncovered(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)];
  const covers = (wide: string, narrow: string) => wide !== narrow && (wide === '*' || (wide.endsWith('.*') && narrow.startsWith(wide.slice(0, -1))));
  return unique.filter((pattern) => !unique.some((other) => covers(other, pattern))).sort();
}

/**
 * Active nodes of a rule's resource types (exact types, `prefix.*` or `*`), optionally of one
 * account: one index count per pattern, each a key or a range of keys of `status_type`.
 * Memoised per set of patterns for the life of the counter (one request).
 */
export class ActiveNodeCounter {
  private readonly counted = new Map<string, Promise<number>>();

  constructor(
    private readonly readStore: ReadStore,
    private readonly tenantId: string,
    private readonly account?: string,
  ) {}

  count(patterns: readonly string[]): Promise<number> {
    const kept = uncovered(patterns);
    const key = kept.join('\n');
    let counted = this.counted.get(key);
    if (!counted) {
      counted = Promise.all(kept.map((pattern) => this.countPattern(pattern))).then((counts) => counts.reduce((sum, n) => sum + n, 0));
      this.counted.set(key, counted);
    }
    return counted;
  }

  private countPattern(pattern: string): Promise<number> {
    const nodes = this.readStore.collection(inventoryNodeKeysView).forTenant(this.tenantId);
    const inAccount = this.account === undefined ? {} : { status_account: `${ACTIVE}${this.account}` };
    return nodes.count({ ...activeNodeKey(pattern), ...inAccount });
  }
}
