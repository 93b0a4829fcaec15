/**
 * The share of a run done, from what its plugin reports (`done` of `total`): kept between 0 and
 * 1, never going back (a plugin that re-plans its total must not make the job's percent drop),
 * and rounded to a thousandth so that reports of the same progress compare equal.
 */
export class RunFraction {
  private fraction: number | undefined;

  /** Undefined until the plugin has reported a usable `done` of `total`. */
  get value(): number | undefined {
    return this.fraction;
  }

  record(done: number, total: number): void {
    if (!(total > 0) || !Number.isFinite(done) || !Number.isFinite(total)) return;
    const share = Math.floor(Math.min(1, Math.max(0, done / total)) * 1000) / 1000;
    if (this.fraction === undefined || share > this.fraction) this.fraction = share;
  }
}
