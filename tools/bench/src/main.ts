/**
 * Benchmark entry point: `npm run bench -- <name>` (or no name for all). Each benchmark prints its
 * figures beside a raw baseline from the same run; nothing here asserts on time.
 */
const benchmarks: Record<string, () => Promise<{ run(): Promise<void> }>> = {};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  for (const name of names) {
    const load = benchmarks[name];
    if (!load) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    await (await load()).run();
  }
}

void main();
