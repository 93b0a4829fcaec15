import type { InventorySection } from './report-content';

/** Most keys listed per dimension (the rest are summed under `(other)`). */
export const MAX_INVENTORY_KEYS = 50;

/** Counts active nodes by type, account and region, one node at a time. */
export class InventoryTally {
  private total = 0;
  private readonly byType = new Map<string, number>();
  private readonly byAccount = new Map<string, number>();
  private readonly byRegion = new Map<string, number>();

  add(node: { type: string; account?: string | null; region?: string | null }): void {
    this.total += 1;
    bump(this.byType, node.type);
    bump(this.byAccount, node.account ?? '(none)');
    bump(this.byRegion, node.region ?? '(global)');
  }

  /**
   * The tally of counts made elsewhere (inventory's graph summary): nodes without an account or
   * a region are what the dimension's counts leave of the total.
   */
  static fromCounts(total: number, counts: { byType: Record<string, number>; byAccount: Record<string, number>; byRegion: Record<string, number> }): InventoryTally {
    const tally = new InventoryTally();
    tally.total = total;
    const fill = (map: Map<string, number>, source: Record<string, number>, rest?: string) => {
      let counted = 0;
      for (const [key, count] of Object.entries(source)) {
        if (count <= 0) continue;
        map.set(key, count);
        counted += count;
      }
      if (rest !== undefined && total > counted) map.set(rest, total - counted);
    };
    fill(tally.byType, counts.byType);
    fill(tally.byAccount, counts.byAccount, '(none)');
    fill(tally.byRegion, counts.byRegion, '(global)');
    return tally;
  }

  section(): InventorySection {
    return { total_nodes: this.total, by_type: listed(this.byType), by_account: listed(this.byAccount), by_region: listed(this.byRegion) };
  }
}

const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);

function listed(map: Map<string, number>): { key: string; count: number }[] {
  const sorted = [...map.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([key, count]) => ({ key, count }));
  if (sorted.length <= MAX_INVENTORY_KEYS) return sorted;
  const rest = sorted.slice(MAX_INVENTORY_KEYS - 1).reduce((sum, entry) => sum + entry.count, 0);
  return [...sorted.slice(0, MAX_INVENTORY_KEYS - 1), { key: '(other)', count: rest }];
}
