/**
 * Benchmark entry point: `npm run bench -- <name>` (or no name for all). Each benchmark prints its
 * figures beside a raw baseline from the same run; nothing here asserts on time.
 */
import * as api from './api.bench';
import * as audit from './audit.bench';
import * as awsDiscovery from './aws-discovery.bench';
import * as diagrams from './diagrams.bench';
import * as eventStore from './event-store.bench';
import * as ingest from './ingest.bench';
import * as kubernetes from './kubernetes.bench';
import * as notify from './notify.bench';
import * as readStore from './read-store.bench';

// Static imports: under `module: nodenext` a dynamic import() from CommonJS would need file
// extensions that the TypeScript loader does not resolve.
const benchmarks: Record<string, { run(): Promise<void> }> = {
  'event-store': eventStore,
  'read-store': readStore,
  ingest,
  api,
  'aws-discovery': awsDiscovery,
  audit,
  notify,
  kubernetes,
  diagrams,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = wanted.length > 0 ? wanted : Object.keys(benchmarks);
  for (const name of names) {
    const benchmark = benchmarks[name];
    if (!benchmark) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    await benchmark.run();
  }
}

void main();
