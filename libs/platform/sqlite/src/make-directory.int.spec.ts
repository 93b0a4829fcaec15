import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '@strata/testing';
import { makeDirectory } from './make-directory';

describe('makeDirectory', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(() => dir.remove());

  it('creates a directory and its missing parents, and accepts one that exists', () => {
    const nested = join(dir.path, 'a', 'b', 'c');
    makeDirectory(nested);
    expect(existsSync(nested)).toBe(true);
    expect(() => makeDirectory(nested)).not.toThrow();
  });

  it('creates every missing level 0700 whatever the umask, and leaves an existing directory as it is', () => {
    const previous = process.umask(0);
    try {
      makeDirectory(join(dir.path, 'a', 'b'));
    } finally {
      process.umask(previous);
    }
    expect(statSync(join(dir.path, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir.path, 'a', 'b')).mode & 0o777).toBe(0o700);
    chmodSync(join(dir.path, 'a'), 0o750);
    makeDirectory(join(dir.path, 'a', 'b'));
    expect(statSync(join(dir.path, 'a')).mode & 0o777).toBe(0o750);
  });

  it('fails with the system error, naming the path, where a level cannot be made or a file is in the way', () => {
    const file = join(dir.path, 'file');
    writeFileSync(file, '');
    expect(() => makeDirectory(join(file, 'data'))).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: join(file, 'data') }));
    expect(() => makeDirectory(file)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'mkdir', path: file }));
  });

  it('fails at once under /proc, where recursive mkdir never returns', () => {
    expect(() => makeDirectory('/proc/strata-data/dir')).toThrow(expect.objectContaining({ code: 'ENOENT', path: '/proc/strata-data' }));
  });
});
