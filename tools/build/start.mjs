// `npm start`: builds when the sources changed since the last build, then runs the standalone
// app (every service in one process) on the embedded default.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, newestSource } from './build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const stamp = join(root, 'dist', '.built');
const builtAt = existsSync(stamp) ? Number(readFileSync(stamp, 'utf8')) : 0;
if (builtAt < newestSource()) {
  process.stdout.write('building Strata... ');
  const count = await build();
  process.stdout.write(`${count} files\n`);
}
process.chdir(root);
// The next steps printed at start-up should not drown in request logs; LOG_LEVEL=info shows them.
process.env.LOG_LEVEL ??= 'warn';
await import(join(root, 'dist/apps/standalone/src/main.js'));
