import { nodeChangeId, nodeHistoryView, type FieldChange, type NodeHistoryEntry } from '@strata/inventory-domain';
import { jobChangesCollection, nodeHistoryCollection } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { requireNode } from '../get-node/node-details';

/** A history entry as the API shows it: an update also carries its values, old → new, when its job's change record has them. */
export interface NodeHistoryItem extends NodeHistoryEntry {
  fields?: FieldChange[];
  truncated?: boolean;
}

export interface NodeHistoryPage {
  node_id: string;
  items: NodeHistoryItem[];
  truncated: boolean;
}

/** `GET .../nodes/{nodeID}/history`: the node's bounded list of changes, newest first. */
export class NodeHistoryReader {
  constructor(private readonly readStore: ReadStore) {}

  async get(tenantId: string, nodeId: string): Promise<NodeHistoryPage> {
    const node = await requireNode(this.readStore, tenantId, nodeId);
    const history = await this.readStore.collection(nodeHistoryCollection).forTenant(tenantId).get(nodeId);
    const view = nodeHistoryView(node, history);
    // Each update's diff is its job's change record of the node (none for updates older than them).
    const updates = view.entries.filter((entry) => entry.change === 'updated');
    const ids = updates.map((entry) => nodeChangeId(entry.job_id, nodeId));
    const diffs = ids.length > 0 ? await this.readStore.collection(jobChangesCollection).forTenant(tenantId).getMany(ids) : new Map();
    const items = view.entries.map((entry): NodeHistoryItem => {
      if (entry.change !== 'updated') return entry;
      const diff = diffs.get(nodeChangeId(entry.job_id, nodeId))?.diff;
      return diff ? { ...entry, fields: diff.fields, truncated: diff.truncated } : entry;
    });
    return { node_id: nodeId, items, truncated: view.truncated };
  }
}
