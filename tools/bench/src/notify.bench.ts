import { loadavg } from 'node:os';
import { join } from 'node:path';
import { runWebhookFanout } from './notify/webhook-fanout';

/**
 * `npm run bench -- notify`: the notifier's webhook fan-out against a plain undici loop.
 * BENCH_NOTIFY_EVENTS (10000), BENCH_NOTIFY_RECEIVERS (20), BENCH_NOTIFY_WEBHOOKS_PER_EVENT (1:
 * each event to one receiver; 20: to every receiver).
 */
export async function run(): Promise<void> {
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
}
