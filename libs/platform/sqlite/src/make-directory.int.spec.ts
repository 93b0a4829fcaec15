import { existsSync, writeFileSync } from 'node:fs';
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
