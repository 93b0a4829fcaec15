/**
 * Decides when a progress figure is worth telling: the first time, then only when it changed and
 * at least `intervalMs` after it was last told. For work that reports as it goes (inventory's wait
 * for a job's batches, the audit's pages), so a figure that moves fast costs at most one message
 * per interval.
 */
export class ChangeThrottle {
  private told: { value: number; at: number } | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** True when `value` should be told now; it then counts as told. */
  due(value: number): boolean {
    const at = this.now();
    if (this.told && (value === this.told.value || at - this.told.at < this.intervalMs)) return false;
    this.told = { value, at };
    return true;
  }
}
