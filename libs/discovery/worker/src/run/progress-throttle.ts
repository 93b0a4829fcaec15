/**
 * Lets a run report progress at most once per interval, and only when there is news, or once
 * `keepAliveMs` have passed without a report: a run that finds nothing for a while (a slow API, a
 * long backoff) still shows it is alive, so the orchestrator does not take its job for silent.
 */
export class ProgressThrottle {
  private lastReportAt: number;
  private reportedNodes = 0;
  private reportedFraction: number | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly keepAliveMs = Number.POSITIVE_INFINITY,
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
    const since = at - this.lastReportAt;
    if (since < this.intervalMs || (!news && since < this.keepAliveMs)) return false;
    this.lastReportAt = at;
    this.reportedNodes = nodes;
    this.reportedFraction = fractionDone;
    return true;
  }
}
