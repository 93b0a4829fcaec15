import { reportRetentionCutoff } from '@strata/reports-domain';
import { PeriodicSweep, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { readTenantSettings } from '@strata/tenancy-settings';
import type { BlobStore } from '../blob-store/blob-store';
import { REPORT_REGISTRY_SCOPE, reportsCollection, reportTenantsCollection } from '../storage/reports-collection';

/** The loop's name in logs and in `GET /status` while it is down. */
export const REPORT_RETENTION_SWEEP = 'sweep:report-retention';
export const DEFAULT_REPORT_PRUNE_INTERVAL_MS = 3_600_000;
const PAGE = 500;

export interface ReportPrunerOptions {
  readStore: ReadStore;
  blobStore: BlobStore;
  /** Between two sweeps (default an hour). */
  intervalMs?: number;
  clock?: () => Date;
  health?: LoopHealth;
  logger?: Logger;
}

/**
 * Deletes reports (and their files) created longer ago than their tenant's
 * `report_retention_days` general setting (default 90), every tenant that has had a report,
 * every `intervalMs`. Supervised: a failing sweep restarts with backoff and shows in `GET /status`.
 */
export class ReportPruner {
  private sweep: PeriodicSweep | undefined;

  constructor(private readonly options: ReportPrunerOptions) {}

  start(): void {
    const { intervalMs = DEFAULT_REPORT_PRUNE_INTERVAL_MS, health, logger } = this.options;
    this.sweep ??= new PeriodicSweep({
      name: REPORT_RETENTION_SWEEP,
      intervalMs,
      sweep: (signal) => this.pruneOnce(signal),
      changedMessage: 'reports past retention deleted',
      ...(health ? { health } : {}),
      ...(logger ? { logger } : {}),
    });
    this.sweep.start();
  }

  async stop(): Promise<void> {
    await this.sweep?.stop();
  }

  /** One sweep; answers how many reports it deleted. */
  async pruneOnce(signal?: AbortSignal): Promise<number> {
    const now = (this.options.clock ?? (() => new Date()))();
    const tenants = this.options.readStore.collection(reportTenantsCollection).forTenant(REPORT_REGISTRY_SCOPE);
    let deleted = 0;
    let cursor: string | undefined;
    do {
      const page = await tenants.find({ limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const { id } of page.items) {
        const { general } = await readTenantSettings(this.options.readStore, id);
        deleted += await this.pruneTenant(id, reportRetentionCutoff(now, general.report_retention_days), signal);
      }
      cursor = page.nextCursor;
    } while (cursor && !signal?.aborted);
    return deleted;
  }

  private async pruneTenant(tenantId: string, cutoff: string, signal?: AbortSignal): Promise<number> {
    const reports = this.options.readStore.collection(reportsCollection).forTenant(tenantId);
    let deleted = 0;
    for (;;) {
      // Each page is deleted before the next is read, so the same query finds what is left.
      const { items } = await reports.find({ where: { created_at: { $lt: cutoff } }, sort: { field: 'created_at' }, limit: PAGE });
      for (const { id, doc } of items) {
        // The file first: a crash in between leaves a record whose file is gone, never an orphaned file.
        if (doc.file) await this.options.blobStore.delete(doc.file.key);
        if (await reports.delete(id)) deleted += 1;
      }
      if (items.length < PAGE || signal?.aborted) return deleted;
    }
  }
}
