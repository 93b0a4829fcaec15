import { printScheduleFiring, scheduleFiring } from './notify/schedule-firing';
import { buildApps, startStandalone, type Standalone } from './standalone';

/**
 * The scheduler and notifier (issue 20), on the built standalone app: each part is a function of
 * its own (`src/notify/`), run in turn on one app. `BENCH_NOTIFY_PARTS` picks parts (default all).
 */
const parts: Record<string, (strata: Standalone) => Promise<void>> = {
  'schedule-firing': async (strata) => printScheduleFiring(await scheduleFiring(strata)),
};

export async function run(): Promise<void> {
  const wanted = (process.env['BENCH_NOTIFY_PARTS'] ?? Object.keys(parts).join(',')).split(',').map((part) => part.trim());
  for (const part of wanted) if (!parts[part]) throw new Error(`unknown notify part "${part}"; known: ${Object.keys(parts).join(', ')}`);
  console.log(`\nnotify: building the apps (${await buildApps()})`);
  const strata = await startStandalone('notify');
  try {
    for (const part of wanted) await parts[part]!(strata);
  } finally {
    const exit = await strata.stop();
    if (exit !== 0) console.error(`standalone exited with ${exit}:\n${strata.process.log.slice(-4000)}`);
  }
}
