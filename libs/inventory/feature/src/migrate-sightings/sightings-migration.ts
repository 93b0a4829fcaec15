import { edgeId } from '@strata/contracts';
import type { Logger } from '@strata/platform-observability';
import { findAll, type ReadStore, type TenantCollection } from '@strata/platform-read-store';
import {
  edgesCollection,
  edgeSightingsCollection,
  nodesCollection,
  nodeSightingsCollection,
  sightingDocument,
  type StoredEdge,
  type StoredNode,
  type StoredSighting,
} from '../read-model/inventory-collections';

/** The checkpoint that says the migration ran to its end on this store. */
export const SIGHTINGS_MIGRATION = 'inventory.sightings-kept-apart';
const DONE = 'done';
const PAGE = 1_000;

export interface SightingsMigrationResult {
  /** False when an earlier run had done it already. */
  ran: boolean;
  tenants: number;
  nodes: number;
  edges: number;
}

/**
 * Gives every node and edge stored before sightings were kept apart its sighting: made from its
 * document, which held its latest sighting then (every sighting rewrote it). Reconcile reads the
 * records a job did not see from the sightings (`seen_in`), so a record without one would never be
 * removed. Runs once per store, on start, before inventory's consumers; a record that already has
 * a sighting keeps it (a process that started first may have written newer ones), so a run cut
 * short is simply run again. Processes of the version before must be stopped first: they write
 * documents without sightings.
 */
export class SightingsMigration {
  constructor(private readonly readStore: ReadStore) {}

  async run(): Promise<SightingsMigrationResult> {
    const { readStore } = this;
    if ((await readStore.checkpoints.get(SIGHTINGS_MIGRATION)) === DONE) return { ran: false, tenants: 0, nodes: 0, edges: 0 };
    const tenants = [...new Set([...(await readStore.collection(nodesCollection).tenants()), ...(await readStore.collection(edgesCollection).tenants())])].sort();
    const result: SightingsMigrationResult = { ran: true, tenants: tenants.length, nodes: 0, edges: 0 };
    for (const tenant of tenants) {
      result.nodes += await this.migrate(readStore.collection(nodesCollection).forTenant(tenant), readStore.collection(nodeSightingsCollection).forTenant(tenant), (id) => id);
      result.edges += await this.migrate(readStore.collection(edgesCollection).forTenant(tenant), readStore.collection(edgeSightingsCollection).forTenant(tenant), (_id, doc) => edgeId(doc));
    }
    await readStore.checkpoints.set(SIGHTINGS_MIGRATION, DONE);
    return result;
  }

  /** Writes the missing sightings of one tenant's records, a page at a time; how many it wrote. */
  private async migrate<T extends StoredNode | StoredEdge>(
    records: TenantCollection<T>,
    sightings: TenantCollection<StoredSighting>,
    idOf: (id: string, doc: T) => string,
  ): Promise<number> {
    let written = 0;
    let page: { id: string; doc: T }[] = [];
    const flush = async () => {
      const stored = await sightings.getMany(page.map(({ id, doc }) => idOf(id, doc)));
      const missing = page.filter(({ id, doc }) => !stored.has(idOf(id, doc))).map(({ id, doc }) => ({ id: idOf(id, doc), doc: sightingDocument(doc) }));
      if (missing.length > 0) await sightings.bulkUpsert(missing);
      written += missing.length;
      page = [];
    };
    for await (const entry of findAll(records, { limit: PAGE })) {
      page.push(entry);
      if (page.length === PAGE) await flush();
    }
    if (page.length > 0) await flush();
    return written;
  }
}

/**
 * Runs the migration if the store needs it, saying so when it did something. Inventory runs it on
 * start, before its consumers; an app whose HTTP reads the graph before its inventory has started
 * (the standalone app, whose inventory is in a thread that starts on its own time) runs it first
 * too: once done, a run only reads the checkpoint.
 */
export async function migrateSightings(readStore: ReadStore, logger: Pick<Logger, 'info'>): Promise<SightingsMigrationResult> {
  const migrated = await new SightingsMigration(readStore).run();
  if (migrated.ran && migrated.tenants > 0) logger.info(migrated, 'gave the nodes and edges stored before sightings were kept apart their sightings');
  return migrated;
}
