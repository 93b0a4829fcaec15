import { cpuWindow, noiseNote, percentOfCore, settle } from '../cpu';
import type { Json, Standalone } from '../standalone';

/**
 * `BENCH_SCHEDULES` one-off schedules (default 1,000) of the demo tenant, all due at the same whole
 * minute, on the running standalone app: how late each fired. Delay = the schedule's `last_run_at`
 * (its firing recorded, after its job was created) minus its due time, and the job's `created_at`
 * minus the due time. Goal: p99 < 1 s.
 */
export interface ScheduleFiringResult {
  schedules: number;
  dueAt: string;
  /** Due → firing recorded, ms. */
  recorded: Percentiles;
  /** Due → job created (its `created_at`), ms. */
  jobCreated: Percentiles;
  /** Seconds from the due time until the last firing was recorded. */
  lastFiredAfterS: number;
  /** CPU of the app over the firing (cores), and of the other processes. */
  appCpu: number | undefined;
  othersCpu: number;
  settleNote?: string;
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const TENANT = 'demo';
const CREATE_CONCURRENCY = 8;
const LEAD_MS = 15_000;

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted.at(-1)! };
}

async function allSchedules(strata: Standalone): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await strata.api('GET', `/api/v1/tenants/${TENANT}/schedules?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...(page['items'] as Json[]));
    cursor = (page['page'] as { next_cursor: string | null }).next_cursor;
  } while (cursor);
  return items;
}

/** The job once the projector has it (the scheduler does not wait for the read model; the projector may lag behind 1,000 jobs). */
async function projectedJob(strata: Standalone, jobId: string): Promise<Json> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await strata.api('GET', `/api/v1/tenants/${TENANT}/jobs/${jobId}`);
    } catch (error) {
      if (!/→ 404/.test((error as Error).message) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Creates the schedules, waits for their minute, and measures how late each fired. */
export async function scheduleFiring(strata: Standalone, count = Number(process.env['BENCH_SCHEDULES'] ?? 1000)): Promise<ScheduleFiringResult> {
  // Due at the first whole minute far enough ahead for every schedule to be created first.
  const estimateMs = LEAD_MS + count * 10;
  const dueAt = new Date(Math.ceil((Date.now() + estimateMs) / 60_000) * 60_000);
  let next = 0;
  const creator = async () => {
    while (next < count) {
      const n = next++;
      await strata.api('POST', `/api/v1/tenants/${TENANT}/schedules`, {
        name: `bench ${n}`,
        run_at: dueAt.toISOString(),
        job_template: { name: `scheduled ${n}`, plugins: ['demo'], credential_id: 'cred-demo', config: { size: 10, seed: `s${n}` } },
      });
    }
  };
  const created = Date.now();
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, creator));
  console.log(`notify: ${count} schedules created in ${((Date.now() - created) / 1000).toFixed(1)} s, all due at ${dueAt.toISOString()} (in ${((dueAt.getTime() - Date.now()) / 1000).toFixed(0)} s)`);
  if (Date.now() >= dueAt.getTime() - 2_000) throw new Error('the schedules took too long to create: raise LEAD_MS');

  const settleNote = await settle(Math.max(0, dueAt.getTime() - Date.now() - 3_000));
  while (Date.now() < dueAt.getTime() - 1_000) await new Promise((resolve) => setTimeout(resolve, 200));
  const window = cpuWindow([strata.pid]);
  // Each poll lists every schedule (load of its own, on the app that fires): once a second is
  // enough, since the delays come from the stored times, not from when the poll saw them.
  let schedules: Json[] = [];
  const deadline = dueAt.getTime() + 120_000;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (Date.now() < dueAt.getTime()) continue;
    schedules = await allSchedules(strata);
    if (schedules.every((schedule) => schedule['last_job_id'] !== null)) break;
    if (Date.now() > deadline) throw new Error(`${schedules.filter((s) => s['last_job_id'] === null).length} schedules had not fired 2 minutes after their due time`);
  }
  const cpu = window.end();
  const due = dueAt.getTime();
  const recorded = schedules.map((schedule) => Date.parse(String(schedule['last_run_at'])) - due);
  const jobCreated: number[] = [];
  for (let i = 0; i < schedules.length; i += 50) {
    const batch = schedules.slice(i, i + 50);
    const jobs = await Promise.all(batch.map((schedule) => projectedJob(strata, String(schedule['last_job_id']))));
    jobCreated.push(...jobs.map((job) => Date.parse(String(job['created_at'])) - due));
  }
  return {
    schedules: count,
    dueAt: dueAt.toISOString(),
    recorded: percentiles(recorded),
    jobCreated: percentiles(jobCreated),
    lastFiredAfterS: Math.max(...recorded) / 1000,
    appCpu: cpu.processes[0],
    othersCpu: cpu.others,
    ...(settleNote ? { settleNote } : {}),
  };
}

const ms = (n: number) => `${Math.round(n)} ms`;

export function printScheduleFiring(result: ScheduleFiringResult): void {
  const { recorded, jobCreated } = result;
  if (result.settleNote) console.log(`notify: ${result.settleNote}`);
  console.log(`notify: ${result.schedules} schedules due at ${result.dueAt} (standalone app, SCHEDULER_CONCURRENCY ${process.env['SCHEDULER_CONCURRENCY'] ?? 'default (128)'})`);
  console.log(`  due → job created:     p50 ${ms(jobCreated.p50)}, p90 ${ms(jobCreated.p90)}, p99 ${ms(jobCreated.p99)}, max ${ms(jobCreated.max)}`);
  console.log(`  due → firing recorded: p50 ${ms(recorded.p50)}, p90 ${ms(recorded.p90)}, p99 ${ms(recorded.p99)}, max ${ms(recorded.max)}  (goal p99 < 1 s: ${recorded.p99 < 1000 ? 'met' : 'not met'})`);
  console.log(`  app CPU while firing ${percentOfCore(result.appCpu)} of a core${noiseNote(result.othersCpu)}`);
}
