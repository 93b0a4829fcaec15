import { Presets, SingleBar } from 'cli-progress';
import type { ApiClient } from './api-client';
import { CliError, ExitCode } from './errors';

export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const;

/** What the CLI reads of a job (the API's `Job`). */
export interface JobLike {
  id: string;
  status: string;
  name?: string;
  progress?: { phase: string; percent: number; counts: Record<string, number> };
  stats?: Record<string, number>;
  error?: { code: string; message: string };
  [key: string]: unknown;
}

/** Severities, most severe first: `--fail-on high` means high or critical. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The severities at `threshold` or worse. */
export function severitiesAtOrAbove(threshold: Severity): Severity[] {
  return SEVERITIES.slice(0, SEVERITIES.indexOf(threshold) + 1);
}

/** `vpcs 2, subnets 6, ...`: the largest counts first, at most `max` of them. */
export function formatCounts(counts: Record<string, number> | undefined, max = 4): string {
  const entries = Object.entries(counts ?? {}).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const shown = entries.slice(0, max).map(([type, count]) => `${type} ${count}`);
  if (entries.length > max) shown.push(`+${entries.length - max} types`);
  return shown.join(', ');
}

export interface WatchOptions {
  /** Where progress goes: stdout for people, stderr when stdout carries json/yaml/ids. */
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  intervalMs?: number;
}

/**
 * Polls the job until it ends, showing a progress bar (phase, percent, per-type counts) on a
 * terminal, else a plain line each time the phase changes. Answers the ended job.
 */
export async function watchJob(client: ApiClient, jobPath: string, options: WatchOptions): Promise<JobLike> {
  const interval = options.intervalMs ?? 500;
  const tty = options.stream.isTTY === true;
  const bar = tty
    ? new SingleBar(
        { format: '{phase} |{bar}| {percentage}% | {counts}', stream: options.stream as NodeJS.WriteStream, hideCursor: true, clearOnComplete: false, barsize: 30 },
        Presets.shades_classic,
      )
    : undefined;
  let lastPhase: string | undefined;
  let job = await client.call<JobLike>('GET', jobPath);
  bar?.start(100, 0, { phase: job.progress?.phase ?? job.status, counts: '' });
  // Ctrl-C stops following, not the job: give the terminal its cursor back and say so.
  const onInterrupt = () => {
    bar?.stop();
    options.stream.write(`\nStopped following job ${job.id}; it keeps running (strata jobs get ${job.id} --wait)\n`);
    process.exit(130);
  };
  if (bar) process.once('SIGINT', onInterrupt);
  try {
    for (;;) {
      const progress = job.progress ?? { phase: job.status, percent: 0, counts: {} };
      const payload = { phase: progress.phase.padEnd(11), counts: formatCounts(progress.counts) };
      if (bar) bar.update(progress.percent, payload);
      else if (progress.phase !== lastPhase) options.stream.write(`${progress.phase} ${progress.percent}%${payload.counts ? ` ${payload.counts}` : ''}\n`);
      lastPhase = progress.phase;
      if ((TERMINAL_STATUSES as readonly string[]).includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, interval));
      job = await client.call<JobLike>('GET', jobPath);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    bar?.stop();
  }
}

/** One line saying how the job ended. */
export function summary(job: JobLike): string {
  const stats = job.stats;
  const counts = stats
    ? `: ${stats['nodes_discovered'] ?? 0} nodes (${stats['nodes_updated'] ?? 0} updated, ${stats['nodes_removed'] ?? 0} removed), ` +
      `${stats['findings_created'] ?? 0} findings opened, ${stats['findings_resolved'] ?? 0} resolved`
    : '';
  const error = job.error ? `: ${job.error.code}: ${job.error.message}` : '';
  return `Job ${job.id} ${job.status}${counts}${error}`;
}

/** Exit 1 unless the job completed. */
export function checkEnded(job: JobLike): void {
  if (job.status !== 'completed') throw new CliError(summary(job), ExitCode.failure);
}

/**
 * `--fail-on`: exit 4 when the job opened findings at the threshold or worse that are still
 * open (the Findings API filters by the job that opened them).
 */
export async function checkFailOn(client: ApiClient, findingsPath: string, jobId: string, threshold: Severity): Promise<void> {
  const severity = severitiesAtOrAbove(threshold);
  const page = await client.call<{ items: Array<{ severity: string }>; total?: number }>('GET', findingsPath, {
    query: { job_id: jobId, severity, limit: 1 },
  });
  const count = page.total ?? page.items.length;
  if (count > 0) throw new CliError(`Job ${jobId} opened ${count} finding${count === 1 ? '' : 's'} of severity ${severity.join(' or ')}`, ExitCode.findings);
}
