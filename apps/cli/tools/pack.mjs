// Packs the CLI on its own: `npm run cli:pack [-- --out DIR]` builds apps/cli/src to plain JS
// with swc, stages it with its package.json and its runtime dependencies (commander, cli-progress,
// yaml and what they need) copied in as bundled dependencies, and runs `npm pack` there. The
// tarball installs without a registry: `npm install -g ./strata-cli-<version>.tgz`.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile } from '@swc/core';

const cliRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(cliRoot, '../..');

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures') yield* sources(path);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** The directory of package `name` as Node would resolve it from `fromDir`. */
function packageDir(name, fromDir) {
  const require = createRequire(join(fromDir, 'noop.js'));
  const paths = require.resolve.paths(name) ?? [];
  for (const base of paths) {
    const candidate = join(base, name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`cannot find ${name} from ${fromDir}`);
}

/**
 * Copies `name` (as resolved from `fromDir`) and its dependencies, transitively, into the stage:
 * the first version of a package met goes flat into `stage/node_modules`, another version nested
 * under the package that needs it (`installDir/node_modules`), where Node finds it first.
 */
function bundle(name, fromDir, installDir, stage, flat = new Map()) {
  const dir = packageDir(name, fromDir);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  let target;
  if (!flat.has(name)) {
    flat.set(name, manifest.version);
    target = join(stage, 'node_modules', name);
  } else if (flat.get(name) === manifest.version) {
    return;
  } else {
    target = join(installDir, 'node_modules', name);
    if (existsSync(target)) return;
  }
  cpSync(dir, target, { recursive: true, dereference: true, filter: (path) => !relative(dir, path).startsWith('node_modules') });
  for (const dependency of Object.keys(manifest.dependencies ?? {})) bundle(dependency, dir, target, stage, flat);
}

/**
 * Workspace libs the CLI imports, built into the pack beside it (`dist/_libs/<name>`): each must
 * depend on nothing but packages the CLI's package.json lists (the lint keeps the CLI to
 * `scope:shared` libs).
 */
const WORKSPACE_LIBS = { '@strata/mcp-stdio': 'libs/mcp/stdio/src' };

/** Compiles every source under `srcDir` into `outDir`, pointing workspace imports at their built copies. */
async function compileTree(srcDir, outDir, stageDist) {
  for (const file of sources(srcDir)) {
    let { code } = await transformFile(file, { jsc: { parser: { syntax: 'typescript' }, target: 'es2023' }, module: { type: 'commonjs' } });
    const target = join(outDir, relative(srcDir, file)).replace(/\.ts$/, '.js');
    for (const name of Object.keys(WORKSPACE_LIBS)) {
      let path = relative(dirname(target), join(stageDist, '_libs', name.replace('@strata/', ''), 'index.js'));
      if (!path.startsWith('.')) path = `./${path}`;
      code = code.replaceAll(`require("${name}")`, `require(${JSON.stringify(path)})`);
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
}

export async function packCli(out) {
  const stage = join(out, 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const dist = join(stage, 'dist');
  await compileTree(join(cliRoot, 'src'), dist, dist);
  for (const [name, dir] of Object.entries(WORKSPACE_LIBS)) await compileTree(join(repoRoot, dir), join(dist, '_libs', name.replace('@strata/', '')), dist);
  mkdirSync(join(stage, 'bin'));
  writeFileSync(join(stage, 'bin', 'strata.js'), "#!/usr/bin/env node\nrequire('../dist/main.js').runAsProcess();\n");
  chmodSync(join(stage, 'bin', 'strata.js'), 0o755);
  const manifest = JSON.parse(readFileSync(join(cliRoot, 'package.json'), 'utf8'));
  const dependencies = Object.keys(manifest.dependencies);
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...manifest, bundleDependencies: dependencies }, null, 2)}\n`);
  cpSync(join(cliRoot, 'README.md'), join(stage, 'README.md'));
  const flat = new Map();
  for (const dependency of dependencies) bundle(dependency, repoRoot, stage, stage, flat);
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: stage, encoding: 'utf8' }).trim().split('\n').pop();
  return join(out, file);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  const out = resolve(at > 0 ? process.argv[at + 1] : join(repoRoot, 'tmp', 'cli-pack'));
  mkdirSync(out, { recursive: true });
  console.log(await packCli(out));
}
