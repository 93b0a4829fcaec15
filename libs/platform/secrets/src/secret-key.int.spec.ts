import { randomBytes } from 'node:crypto';
import { chmod, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@strata/testing';
import { loadSecretKey, SECRET_KEY_FILE, SecretKeyError } from './secret-key';

describe('loadSecretKey', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('prefers STRATA_SECRET_KEY and writes no file', async () => {
    const bytes = randomBytes(32);
    const loaded = await loadSecretKey({ env: { STRATA_SECRET_KEY: bytes.toString('base64') }, dataDir: dir.path });
    expect(loaded.source).toBe('env');
    expect(loaded.key.bytes().equals(bytes)).toBe(true);
    await expect(stat(join(dir.path, SECRET_KEY_FILE))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a malformed STRATA_SECRET_KEY instead of falling back to a file', async () => {
    await expect(loadSecretKey({ env: { STRATA_SECRET_KEY: 'too-short' }, dataDir: dir.path })).rejects.toThrow(SecretKeyError);
  });

  it('generates a key file readable by its owner only, once, and reads it back after', async () => {
    const first = await loadSecretKey({ env: {}, dataDir: join(dir.path, 'nested') });
    expect(first.source).toBe('generated');
    const path = join(dir.path, 'nested', SECRET_KEY_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readFile(path, 'utf8')).trim()).toBe(first.key.bytes().toString('base64'));

    const again = await loadSecretKey({ env: {}, dataDir: join(dir.path, 'nested') });
    expect(again.source).toBe('file');
    expect(again.key.id).toBe(first.key.id);
  });

  it('gives processes starting together the same key', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => loadSecretKey({ env: {}, dataDir: dir.path })));
    expect(new Set(keys.map((loaded) => loaded.key.id)).size).toBe(1);
    expect(keys.filter((loaded) => loaded.source === 'generated')).toHaveLength(1);
    expect(await readdir(dir.path)).toEqual([SECRET_KEY_FILE]);
  });

  it('warns when the key file is readable by others', async () => {
    await loadSecretKey({ env: {}, dataDir: dir.path });
    await chmod(join(dir.path, SECRET_KEY_FILE), 0o644);
    const warnings: string[] = [];
    await loadSecretKey({ env: {}, dataDir: dir.path, warn: (message) => warnings.push(message) });
    expect(warnings).toEqual([expect.stringContaining('chmod 600')]);
  });

  it('requires STRATA_SECRET_KEY with a shared MongoDB read store', async () => {
    await expect(loadSecretKey({ env: { STRATA_READ_STORE: 'mongodb://db:27017/strata' }, dataDir: dir.path })).rejects.toThrow(
      'STRATA_SECRET_KEY is required with a MongoDB read store',
    );
  });
});
