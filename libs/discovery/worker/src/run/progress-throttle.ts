/** Lets a run report progress at most once per interval, and only when there is news. */
export class ProgressThrottle {
  private lastReportAt: number;
  private reportedNodes = 0;
  private reportedFraction: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {
    // The start report is news enough; the first progress report waits a full interval.
    this.lastReportAt = now();
  }

  /**
   * True when a progress report for `nodes` found so far (and the share of the run done, if the
   * plugin tells) is due; records it as sent.
   */
  take(nodes: number, fractionDone?: number): boolean {
    const at = this.now();
    const news = nodes !== this.reportedNodes || fractionDone !== this.reportedFraction;
    if (!news || at - this.lastReportAt < this.intervalMs) return false;
    this.lastReportAt = at;
    this.reportedNodes = nodes;
    this.reportedFraction = fractionDone;
    return true;
  }
}
