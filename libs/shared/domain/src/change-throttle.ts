export interface ChangeThrottleOptions {
  /**
   * Told even without a change once this long has passed since it was last told: a keep-alive,
   * for work that must show it is alive while its figures stand still. Default: never.
   */
  keepAliveMs?: number;
  /**
   * A figure that counts as told at construction (when a start message said as much), so the
   * first figure waits a full interval. Default: the first figure is told at once.
   */
  toldAtStart?: number;
}

/**
 * Decides when a progress figure is worth telling: the first time, then only when it changed and
 * at least `intervalMs` after it was last told (or when the keep-alive is due). For work that
 * reports as it goes (a discovery run, inventory's wait for a job's batches, the audit's pages),
 * so a figure that moves fast costs at most one message per interval.
 */
export class ChangeThrottle {
  private told: { value: number; detail: number | undefined; at: number } | undefined;
  private readonly keepAliveMs: number;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    { keepAliveMs = Number.POSITIVE_INFINITY, toldAtStart }: ChangeThrottleOptions = {},
  ) {
    this.keepAliveMs = keepAliveMs;
    if (toldAtStart !== undefined) this.told = { value: toldAtStart, detail: undefined, at: now() };
  }

  /**
   * True when `value` (with `detail`, a second figure that can move on its own) should be told
   * now; it then counts as told.
   */
  due(value: number, detail?: number): boolean {
    const at = this.now();
    if (this.told) {
      const changed = value !== this.told.value || detail !== this.told.detail;
      const since = at - this.told.at;
      if (since < this.intervalMs || (!changed && since < this.keepAliveMs)) return false;
    }
    this.told = { value, detail, at };
    return true;
  }
}
