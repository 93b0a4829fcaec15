import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU accounting from /proc (Linux), to say what a figure was bound by: a server at one core is
 * CPU-bound on its event loop, a load generator at one core caps what it can measure, and CPU
 * used by other processes on the machine during a window makes that window's figures noisy.
 * Per process, not from /proc/stat: kernel time no process is charged for (I/O completion,
 * interrupts) would otherwise read as noise.
 */
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

/** Every process's command name and CPU seconds so far. */
function allProcesses(): Map<number, { name: string; cpu: number }> {
  const processes = new Map<number, { name: string; cpu: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(') ');
      const fields = stat.slice(close + 2).split(' ');
      processes.set(Number(entry), {
        name: stat.slice(stat.indexOf('(') + 1, close),
        cpu: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      });
    } catch {
      // gone in the meantime
    }
  }
  return processes;
}

/** Processes whose command name is `name` (e.g. the machine's `nats-server`, whose work is part of a job's). */
export function pidsNamed(name: string): number[] {
  return [...allProcesses()].filter(([, process]) => process.name === name).map(([pid]) => pid);
}

export interface CpuWindow {
  /** Cores each watched process kept busy over the window (1 = one core all the time). */
  processes: (number | undefined)[];
  /**
   * Cores kept busy by every other process on the machine (those started during the window
   * included, those that ended during it not): noise for the figures of the window.
   */
  others: number;
}

/** Starts a window over `pids` (this process may be one of them); `end()` reports it. */
export function cpuWindow(pids: readonly number[]): { end(): CpuWindow } {
  const started = performance.now();
  const before = allProcesses();
  return {
    end: () => {
      const after = allProcesses();
      const seconds = (performance.now() - started) / 1000;
      const used = (pid: number) => {
        const [start, end] = [before.get(pid), after.get(pid)];
        return end === undefined ? undefined : (end.cpu - (start?.cpu ?? 0)) / seconds;
      };
      let others = 0;
      for (const pid of after.keys()) if (!pids.includes(pid)) others += used(pid) ?? 0;
      return { processes: pids.map((pid) => (before.has(pid) ? used(pid) : undefined)), others };
    },
  };
}

export const percentOfCore = (cores: number | undefined): string => (cores === undefined ? '?' : `${(cores * 100).toFixed(0)}%`);

/** Other processes kept more than this busy: the window's figures are noisy, worth a rerun. */
export const NOISY_OTHERS = 0.2;

export const noiseNote = (others: number): string =>
  others > NOISY_OTHERS ? `  ← noisy: other processes on the machine used ${percentOfCore(others)} of a core meanwhile` : '';

/**
 * On a shared machine, waits (at most `maxWaitMs`) until the other processes, the app under test
 * included, leave the CPU alone for a second, so a measurement window starts quiet. Returns a
 * note when it had to wait or gave up; the window's own noise is still measured and reported.
 */
export async function settle(maxWaitMs = 15_000): Promise<string | undefined> {
  const deadline = Date.now() + maxWaitMs;
  let waited = 0;
  for (;;) {
    const window = cpuWindow([process.pid]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { others } = window.end();
    if (others <= NOISY_OTHERS) return waited > 0 ? `waited ${waited} s for a quiet machine` : undefined;
    waited++;
    if (Date.now() >= deadline) return `the machine stayed busy (${percentOfCore(others)} of a core) for ${waited} s; measuring anyway`;
  }
}
