import type { DiscoveredItem } from '@strata/plugins-api';

/** What a run has found so far: nodes per progress key (for reports) and totals (for the log). */
export class ResourceTally {
  private readonly perKey = new Map<string, number>();
  private nodeCount = 0;
  private edgeCount = 0;

  constructor(private readonly progressKey: (type: string) => string | undefined) {}

  add(item: DiscoveredItem): void {
    if (item.kind === 'edge') {
      this.edgeCount++;
      return;
    }
    this.nodeCount++;
    const key = this.progressKey(item.node.type);
    if (key !== undefined) this.perKey.set(key, (this.perKey.get(key) ?? 0) + 1);
  }

  get nodes(): number {
    return this.nodeCount;
  }

  get edges(): number {
    return this.edgeCount;
  }

  /** The cumulative counts per progress key, as reports carry them. */
  resourceCounts(): Record<string, number> {
    return Object.fromEntries(this.perKey);
  }
}
