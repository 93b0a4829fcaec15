import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

// The build as `npm start`, the e2e suites and the bench run it: code transpiled, and the libs'
// data folders copied beside it, so code that finds its data relative to itself works built too.
describe('tools/build/build.mjs', () => {
  const root = resolve(__dirname, '../..');
  const out = join(root, 'tmp', `build-spec-${process.pid}`);
  const run = (args: string[]) => spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('transpiles the sources and copies every file under libs/*/*/data/ to the same place', () => {
    const built = run([join(root, 'tools/build/build.mjs'), '--out', out]);
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    expect(existsSync(join(out, 'libs/audit/packs/src/index.js'))).toBe(true);
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
    const subdirs = (dir: string) => readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(dir, entry.name));
    const dataFiles = subdirs(join(root, 'libs'))
      .flatMap(subdirs)
      .map((lib) => join(lib, 'data'))
      .filter((dir) => existsSync(dir))
      .flatMap(files)
      .map((file) => relative(root, file));
    expect(dataFiles).toContain('libs/audit/packs/data/prices/aws.json');
    for (const file of dataFiles) expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(root, file), 'utf8'));

    const loaded = run(['-e', `const p = require(${JSON.stringify(join(out, 'libs/audit/packs/src/index.js'))}); console.log(JSON.stringify([p.BUILT_IN_DATA_DIR, p.loadFrameworks().map((f) => f.id), p.loadPriceTable().version]))`]);
    expect(loaded.stderr).toBe('');
    const [dataDir, frameworks, priceVersion] = JSON.parse(loaded.stdout) as [string, string[], string];
    expect(dataDir).toBe(join(out, 'libs/audit/packs/data'));
    expect(frameworks).toContain('cis-aws-3.0');
    expect(priceVersion).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
