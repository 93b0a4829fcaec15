import {
  MuteBook,
  muteSubjectOf,
  remutedRecord,
  type AuditContext,
  type FindingMute,
  type FindingRecord,
  type FindingWrite,
  type MuteRule,
} from '@strata/audit-domain';
import type { ReadStore, Where } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { findingMutesCollection, findingsCollection, inventoryNodesView, muteRulesCollection } from '../read-model/audit-collections';

/**
 * The findings a process is rewriting outside an audit (a mute change, a mute's expiry), by
 * `tenant\nfinding id`: one process-wide lock, so the Findings API and the expiry sweep of one
 * process never interleave the read and the write of a finding. Another process's audit writing
 * the same finding meanwhile is not held off: the audit recomputes the mute status from the
 * mute documents, so such a race is made good at that finding's next audit.
 */
export const findingLocks = new KeyedLock();

/** The most mute rules a tenant has that a mute decision reads (as the audit does). */
export const MAX_MUTE_RULES = 1_000;
/** Findings re-evaluated per round trip when a change reaches many (a mute rule). */
export const REAPPLY_PAGE_SIZE = 500;

export interface ReapplyOutcome {
  /** The findings that exist among those asked for, as stored after. */
  records: Map<string, FindingRecord>;
  /** The ids of those whose status or mute changed (written, and their events published). */
  changed: string[];
}

export interface MuteApplierOptions {
  readStore: ReadStore;
  /** Told of the findings whose mute status changed (the `FindingMuted` / `FindingUnmuted` events), after they are written. */
  onFindingsWritten?: (tenantId: string, writes: readonly FindingWrite[], context: AuditContext) => Promise<void>;
  clock?: () => Date;
}

/**
 * Re-applies a tenant's mutes (its findings' own, then its mute rules, as `MuteBook` decides) to
 * stored findings without a new evaluation: after a mute or mute rule is created or deleted, and
 * when a mute ends. Each finding is re-read under {@link findingLocks} and written only when its
 * status or mute changed; a resolved finding is left alone (its mute applies if it comes back, at
 * the audit that re-opens it).
 */
export class MuteApplier {
  private readonly clock: () => Date;

  constructor(private readonly options: MuteApplierOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** Re-applies the mutes to these findings: every one that exists as stored after, and the ids of those that changed. */
  async reapply(tenantId: string, findingIds: readonly string[]): Promise<ReapplyOutcome> {
    const ids = [...new Set(findingIds)];
    if (ids.length === 0) return { records: new Map(), changed: [] };
    return findingLocks.runAll(
      ids.map((id) => `${tenantId}\n${id}`),
      async () => {
        const { readStore } = this.options;
        const findings = readStore.collection(findingsCollection).forTenant(tenantId);
        const records = await findings.getMany(ids);
        const violated = [...records].filter(([, record]) => record.status !== 'resolved');
        if (violated.length === 0) return { records, changed: [] };
        const context: AuditContext = { jobId: null, now: this.clock().toISOString() };
        const book = await this.muteBook(tenantId, violated.map(([id]) => id), Date.parse(context.now));
        const tags = book.rulesUseTags ? await this.tagsOf(tenantId, violated.map(([, record]) => record.node_id)) : new Map<string, Readonly<Record<string, string>>>();
        const writes: FindingWrite[] = [];
        for (const [id, record] of violated) {
          const mute = book.mutes.activeFor(muteSubjectOf(id, record, tags.get(record.node_id) ?? {}));
          const write = remutedRecord(id, record, mute, context);
          if (write) writes.push(write);
        }
        if (writes.length > 0) {
          await findings.bulkUpsert(writes.map(({ id, record }) => ({ id, doc: record })));
          for (const { id, record } of writes) records.set(id, record);
          await this.options.onFindingsWritten?.(tenantId, writes, context);
        }
        return { records, changed: writes.map(({ id }) => id) };
      },
    );
  }

  /**
   * Re-applies the mutes to every finding `where` selects, a page at a time (never more than
   * {@link REAPPLY_PAGE_SIZE} in memory), in id order so that a finding the re-application changes
   * is neither skipped nor read twice. Answers how many findings changed.
   */
  async reapplyWhere(tenantId: string, where: Where<FindingRecord>, signal?: AbortSignal): Promise<number> {
    const findings = this.options.readStore.collection(findingsCollection).forTenant(tenantId);
    let changed = 0;
    let cursor: string | undefined;
    do {
      signal?.throwIfAborted();
      const page = await findings.find({ where, limit: REAPPLY_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
      changed += (await this.reapply(tenantId, page.items.map(({ id }) => id))).changed.length;
      cursor = page.nextCursor;
    } while (cursor);
    return changed;
  }

  private async muteBook(tenantId: string, findingIds: readonly string[], now: number): Promise<{ mutes: MuteBook; rulesUseTags: boolean }> {
    const { readStore } = this.options;
    // In id order, as the audit reads them: a finding two rules match is attributed alike by both.
    const rules: MuteRule[] = (await readStore.collection(muteRulesCollection).forTenant(tenantId).find({ limit: MAX_MUTE_RULES })).items.map(({ doc }) => doc);
    const own = await readStore.collection(findingMutesCollection).forTenant(tenantId).getMany(findingIds);
    return {
      mutes: new MuteBook(own as ReadonlyMap<string, FindingMute>, rules, now),
      rulesUseTags: rules.some((rule) => rule.match.tags !== undefined && Object.keys(rule.match.tags).length > 0),
    };
  }

  /** The tags of these nodes, from the inventory's nodes (read only). */
  private async tagsOf(tenantId: string, nodeIds: readonly string[]): Promise<Map<string, Readonly<Record<string, string>>>> {
    const nodes = await this.options.readStore.collection(inventoryNodesView).forTenant(tenantId).getMany(nodeIds);
    return new Map([...nodes].map(([id, node]) => [id, node.tags ?? {}]));
  }
}
