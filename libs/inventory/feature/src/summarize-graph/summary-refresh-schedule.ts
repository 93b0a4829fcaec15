export interface SummaryRefreshScheduleOptions {
  /** Counts the tenant's summary afresh and stores it. */
  refresh(tenantId: string): Promise<unknown>;
  /** A refresh that failed; the next change schedules another. */
  onError(tenantId: string, error: unknown): void;
  /** How long ingest into a tenant must pause before its summary is refreshed (default 2 s). */
  quietMs?: number;
  /** Least time between two refreshes of one tenant's summary made here (default 30 s). */
  minIntervalMs?: number;
}

interface TenantState {
  timer: NodeJS.Timeout | undefined;
  /** When ingest last changed the tenant's graph (ms, monotonic). */
  changedAt: number;
  /** When the last refresh, made here or by a reconcile, began counting (ms, monotonic). */
  refreshStartedAt: number;
  /** When the last refresh made here began: the interval runs from it. */
  scheduledRefreshAt: number;
  /** The refresh made here that is still counting, if any. */
  refreshing: Promise<void> | undefined;
}

const DEFAULT_QUIET_MS = 2_000;
const DEFAULT_MIN_INTERVAL_MS = 30_000;

/**
 * When a tenant's stored graph summary is counted afresh besides at each reconcile. Ingest can
 * change the graph without a reconcile following: a job cancelled or failed part-way keeps what
 * it ingested, and a long job adds nodes for minutes before its reconcile. So once ingest into
 * a tenant activated nodes and then paused for `quietMs`, the summary is refreshed, at most once
 * per `minIntervalMs` (each refresh is an index count per type, account and region: about a
 * second of the store's time at a million nodes; a reconcile's refresh, once per job, does not
 * count against it). A refresh that began after the last change (a reconcile's) makes the
 * pending one unnecessary. Per process: each inventory replica refreshes
 * for what it ingested.
 */
export class SummaryRefreshSchedule {
  private readonly tenants = new Map<string, TenantState>();
  private readonly quietMs: number;
  private readonly minIntervalMs: number;

  constructor(private readonly options: SummaryRefreshScheduleOptions) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  }

  /** Ingest changed what the tenant's summary counts (it activated nodes). */
  changed(tenantId: string): void {
    const state = this.stateOf(tenantId);
    state.changedAt = performance.now();
    this.arm(tenantId, state, this.quietMs);
  }

  /** A refresh of the tenant's summary (anyone's) began counting at `startedAt` (`performance.now()`). */
  refreshStarted(tenantId: string, startedAt: number): void {
    const state = this.tenants.get(tenantId);
    if (!state) return;
    state.refreshStartedAt = Math.max(state.refreshStartedAt, startedAt);
    if (state.changedAt < startedAt) this.disarm(state);
  }

  /** Cancels the pending refreshes and waits for those already counting. */
  async stop(): Promise<void> {
    for (const state of this.tenants.values()) this.disarm(state);
    await Promise.all([...this.tenants.values()].map((state) => state.refreshing));
  }

  private stateOf(tenantId: string): TenantState {
    let state = this.tenants.get(tenantId);
    if (!state) {
      state = { timer: undefined, changedAt: 0, refreshStartedAt: Number.NEGATIVE_INFINITY, scheduledRefreshAt: Number.NEGATIVE_INFINITY, refreshing: undefined };
      this.tenants.set(tenantId, state);
    }
    return state;
  }

  private arm(tenantId: string, state: TenantState, delayMs: number): void {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => this.due(tenantId, state), delayMs);
    // A pending refresh alone does not keep the process alive.
    state.timer.unref();
  }

  private disarm(state: TenantState): void {
    clearTimeout(state.timer);
    state.timer = undefined;
  }

  private due(tenantId: string, state: TenantState): void {
    state.timer = undefined;
    // Counted since the last change already (by a reconcile, say).
    if (state.refreshStartedAt > state.changedAt) return;
    // A refresh still counting may or may not see the change: look again once it is done.
    if (state.refreshing) return this.arm(tenantId, state, this.quietMs);
    const wait = state.scheduledRefreshAt + this.minIntervalMs - performance.now();
    if (wait > 0) return this.arm(tenantId, state, wait);
    state.refreshStartedAt = state.scheduledRefreshAt = performance.now();
    state.refreshing = this.options
      .refresh(tenantId)
      .then(
        () => undefined,
        (error: unknown) => this.options.onError(tenantId, error),
      )
      .finally(() => (state.refreshing = undefined));
  }
}
