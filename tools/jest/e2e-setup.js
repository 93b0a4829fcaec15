// Once per run, before the e2e suites: build the apps (swc, well under a second) into their own
// directory, so suites start real `node` processes from built code, as production does, without
// racing `npm start`'s dist/.
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function buildForE2e() {
  const root = join(__dirname, '../..');
  const result = spawnSync(process.execPath, [join(root, 'tools/build/build.mjs'), '--out', join(root, 'tmp/e2e-dist')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`e2e build failed:\n${result.stdout}\n${result.stderr}`);
};
