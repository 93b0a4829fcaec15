import { loadavg } from 'node:os';
import { join } from 'node:path';
import { printScheduleFiring, scheduleFiring } from './notify/schedule-firing';
import { runWebhookFanout } from './notify/webhook-fanout';
import { buildApps, startStandalone } from './standalone';

/**
 * The scheduler and notifier (issue 20): each part is a function of its own (`src/notify/`), run in
 * turn. `BENCH_NOTIFY_PARTS` picks parts (default all).
 */
const parts: Record<string, () => Promise<void>> = {
  /** 1,000 schedules due in the same minute, on the built standalone app. */
  'schedule-firing': async () => {
    console.log(`\nnotify: building the apps (${await buildApps()})`);
    const strata = await startStandalone('notify');
    try {
      printScheduleFiring(await scheduleFiring(strata));
    } finally {
      const exit = await strata.stop();
      if (exit !== 0) console.error(`standalone exited with ${exit}:\n${strata.process.log.slice(-4000)}`);
    }
  },
  /**
   * The notifier's webhook fan-out against a plain undici loop. BENCH_NOTIFY_EVENTS (10000),
   * BENCH_NOTIFY_RECEIVERS (20), BENCH_NOTIFY_WEBHOOKS_PER_EVENT (1: each event to one receiver;
   * 20: to every receiver).
   */
  'webhook-fanout': async () => {
    const events = Number(process.env['BENCH_NOTIFY_EVENTS'] ?? 10_000);
    const receivers = Number(process.env['BENCH_NOTIFY_RECEIVERS'] ?? 20);
    const webhooksPerEvent = Number(process.env['BENCH_NOTIFY_WEBHOOKS_PER_EVENT'] ?? 1);
    const profileDir = process.env['BENCH_CPU_PROF'];
    const loadBefore = loadavg()[0]!;
    const result = await runWebhookFanout({ events, receivers, webhooksPerEvent, ...(profileDir ? { cpuProfile: join(profileDir, 'notify-fanout.cpuprofile') } : {}) });
    const line = (label: string, f: typeof result.notifier) =>
      `  ${label.padEnd(14)} ${f.deliveries.toLocaleString('en-US')} deliveries in ${f.seconds.toFixed(2)} s: ${Math.round(f.perSecond).toLocaleString('en-US')}/s, p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, ${f.cpuMsPerDelivery.toFixed(2)} ms CPU each`;
    console.log(`\nnotify: webhook fan-out of ${events.toLocaleString('en-US')} events to ${receivers} local receivers (${webhooksPerEvent >= receivers ? 'each to all' : 'each to one'})`);
    console.log(line('notifier', result.notifier) + '  (latency: event stored → delivery received)');
    console.log(line('plain undici', result.plainUndici) + '  (latency: request → received)');
    console.log(`  ratio ${(result.ratio * 100).toFixed(1)}% of plain undici (goal ≥ 50%); load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`);
    if (profileDir) console.log(`  CPU profile of the notifier's window in ${join(profileDir, 'notify-fanout.cpuprofile')} (the profiler slows it down)`);
  },
};

export async function run(): Promise<void> {
  const wanted = (process.env['BENCH_NOTIFY_PARTS'] ?? Object.keys(parts).join(',')).split(',').map((part) => part.trim());
  for (const part of wanted) if (!parts[part]) throw new Error(`unknown notify part "${part}"; known: ${Object.keys(parts).join(', ')}`);
  for (const part of wanted) await parts[part]!();
}
