import { nodeHistoryView, type NodeHistoryEntry } from '@strata/inventory-domain';
import { nodeHistoryCollection } from '@strata/inventory-feature';
import type { ReadStore } from '@strata/platform-read-store';
import { requireNode } from '../get-node/node-details';

export interface NodeHistoryPage {
  node_id: string;
  items: NodeHistoryEntry[];
  truncated: boolean;
}

/** `GET .../nodes/{nodeID}/history`: the node's bounded list of changes, newest first. */
export class NodeHistoryReader {
  constructor(private readonly readStore: ReadStore) {}

  async get(tenantId: string, nodeId: string): Promise<NodeHistoryPage> {
    const node = await requireNode(this.readStore, tenantId, nodeId);
    const history = await this.readStore.collection(nodeHistoryCollection).forTenant(tenantId).get(nodeId);
    const view = nodeHistoryView(node, history);
    return { node_id: nodeId, items: view.entries, truncated: view.truncated };
  }
}
