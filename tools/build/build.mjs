// Compiles every app and lib to dist/ (same layout, CommonJS) with swc: decorator metadata for
// NestJS, and the tsconfig path aliases rewritten to relative requires so plain `node` runs it.
// Type checking is `npm run typecheck`'s job; this only transpiles, in a couple of seconds.
import { copyFileSync, readdirSync, readFileSync, mkdirSync, writeFileSync, statSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const defaultOut = join(root, 'dist');
const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * Files code reads at run time from a `data/` folder beside its sources (a lib's
 * `data/exchange-rates.json`, required as `../data/...`): copied as they are, to the same place.
 */
function* dataFiles(dir, inData = false) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* dataFiles(path, inData || entry.name === 'data');
    else if (inData) yield path;
  }
}

/** The newest modification time among the sources (and the build inputs themselves). */
export function newestSource() {
  let newest = 0;
  for (const top of ['apps', 'libs']) for (const file of [...sources(join(root, top)), ...dataFiles(join(root, top))]) newest = Math.max(newest, statSync(file).mtimeMs);
  for (const file of ['tsconfig.base.json', 'package-lock.json', 'tools/build/build.mjs']) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  return newest;
}

export async function build(out = defaultOut) {
  rmSync(out, { recursive: true, force: true });
  let count = 0;
  for (const top of ['apps', 'libs']) {
    for (const file of sources(join(root, top))) {
      const { code, map } = await transformFile(file, {
        sourceMaps: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
          baseUrl: root,
          paths: compilerOptions.paths,
        },
        module: { type: 'commonjs' },
      });
      const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
      if (map) writeFileSync(`${target}.map`, map);
      count++;
    }
  }
  for (const top of ['apps', 'libs']) {
    for (const file of dataFiles(join(root, top))) {
      const target = join(out, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(file, target);
    }
  }
  // Workspace files read at run time (the version in GET /status).
  writeFileSync(join(out, 'package.json'), readFileSync(join(root, 'package.json')));
  writeFileSync(join(out, '.built'), String(Date.now()));
  return count;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? resolve(process.argv[at + 1]) : defaultOut;
  const started = Date.now();
  const count = await build(out);
  console.log(`built ${count} files into ${relative(root, out) || '.'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
