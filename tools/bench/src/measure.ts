/**
 * Tiny measurement kit for the benchmarks: every figure is printed beside a raw baseline measured
 * in the same run, so what is compared is a ratio, not a number that depends on the machine.
 */
export interface Rate {
  label: string;
  operations: number;
  seconds: number;
  perSecond: number;
}

/** Runs `work` once (it performs `operations` operations) and returns its rate. */
export async function measureRate(label: string, operations: number, work: () => unknown | Promise<unknown>): Promise<Rate> {
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, operations, seconds, perSecond: operations / seconds };
}

/** The `p`th percentile of ascending values (NaN for none). */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export interface Comparison {
  subject: Rate;
  baseline: Rate;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Prints each comparison as one line: strata rate, baseline rate, ratio. */
export function printComparisons(title: string, comparisons: Comparison[]): void {
  console.log(`\n${title}`);
  for (const { subject, baseline } of comparisons) {
    const ratio = subject.perSecond / baseline.perSecond;
    console.log(
      `  ${subject.label.padEnd(34)} ${fmt(subject.perSecond).padStart(10)}/s   ` +
        `baseline ${baseline.label.padEnd(30)} ${fmt(baseline.perSecond).padStart(10)}/s   ratio ${(ratio * 100).toFixed(1)}%`,
    );
  }
}
