import { PeriodicSweep, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { PLATFORM_SCOPE, tenantsCollection } from '@strata/tenancy-limits';
import type { MuteApplier } from '../apply-mutes/mute-applier';

/** The loop's name in logs and in `GET /status` while it is down. */
export const MUTE_EXPIRY_SWEEP = 'sweep:mute-expiry';
export const DEFAULT_MUTE_EXPIRY_INTERVAL_MS = 30_000;
const TENANT_PAGE = 500;

export interface MuteExpirySweepOptions {
  readStore: ReadStore;
  applier: MuteApplier;
  /** Between two sweeps (default 30 s). */
  intervalMs?: number;
  clock?: () => Date;
  health?: LoopHealth;
  logger?: Logger;
}

/**
 * Ends mutes that ran out: every `intervalMs`, for every tenant, the muted findings whose mute
 * ended (`mute.until <= now`, on the sparse `mute.until` index: only muted findings with an end
 * are in it) get the tenant's mutes re-applied, so another mute may take over, or the finding is
 * open again (`FindingUnmuted`). Supervised: a failing sweep restarts with backoff and shows in
 * `GET /status` until one succeeds. Deleting a mute or a mute rule needs no sweep (the API
 * re-applies at once); an audit also re-applies the mutes of the findings it writes.
 */
export class MuteExpirySweep {
  private sweep: PeriodicSweep | undefined;

  constructor(private readonly options: MuteExpirySweepOptions) {}

  /** Sweeps completed since start (each sweep covers every tenant). */
  get sweepsCompleted(): number {
    return this.sweep?.sweepsCompleted ?? 0;
  }

  start(): void {
    const { intervalMs = DEFAULT_MUTE_EXPIRY_INTERVAL_MS, health, logger } = this.options;
    this.sweep ??= new PeriodicSweep({
      name: MUTE_EXPIRY_SWEEP,
      intervalMs,
      sweep: (signal) => this.sweepOnce(signal),
      ...(health ? { health } : {}),
      ...(logger ? { logger } : {}),
    });
    this.sweep.start();
  }

  async stop(): Promise<void> {
    await this.sweep?.stop();
  }

  /** One sweep of every tenant; answers how many findings it changed. */
  async sweepOnce(signal?: AbortSignal): Promise<number> {
    const tenants = this.options.readStore.collection(tenantsCollection).forTenant(PLATFORM_SCOPE);
    let changed = 0;
    let cursor: string | undefined;
    do {
      const page = await tenants.find({ limit: TENANT_PAGE, ...(cursor ? { cursor } : {}) });
      for (const { id } of page.items) changed += await this.sweepTenant(id, signal);
      cursor = page.nextCursor;
    } while (cursor);
    return changed;
  }

  /** The tenant's muted findings whose mute ended by now, re-evaluated. */
  sweepTenant(tenantId: string, signal?: AbortSignal): Promise<number> {
    const now = (this.options.clock ?? (() => new Date()))().toISOString();
    return this.options.applier.reapplyWhere(tenantId, { 'mute.until': { $lte: now }, status: 'muted' }, signal);
  }
}
