import { startupFailureMessage } from './startup-failure';

const systemError = (message: string, fields: Record<string, unknown>): Error => Object.assign(new Error(message), fields);

describe('startupFailureMessage', () => {
  it('says which port is taken and what to do about it', () => {
    const error = systemError('listen EADDRINUSE: address already in use 0.0.0.0:8080', { code: 'EADDRINUSE', address: '0.0.0.0', port: 8080 });
    expect(startupFailureMessage(error)).toBe('port 8080 on 0.0.0.0 is already in use: stop what listens there, or set PORT to a free port');
  });

  it('explains a privileged port', () => {
    expect(startupFailureMessage(systemError('listen EACCES: permission denied 0.0.0.0:80', { code: 'EACCES', address: '0.0.0.0', port: 80 }))).toBe(
      'not allowed to listen on port 80 on 0.0.0.0: use a port above 1023, or set PORT',
    );
  });

  it('says a file is in the way of the data directory', () => {
    const error = systemError("EEXIST: file already exists, mkdir '/srv/strata'", { code: 'EEXIST', syscall: 'mkdir', path: '/srv/strata' });
    expect(startupFailureMessage(error)).toBe('cannot create the directory /srv/strata: a file is in the way');
  });

  it('says why a directory cannot be made where its filesystem refuses it', () => {
    const proc = systemError("ENOENT: no such file or directory, mkdir '/proc/strata'", { code: 'ENOENT', syscall: 'mkdir', path: '/proc/strata' });
    expect(startupFailureMessage(proc)).toBe(
      'cannot create the directory /proc/strata: its filesystem does not take new directories (a virtual one such as /proc?); choose a directory on a disk',
    );
    const readOnly = systemError("EROFS: read-only file system, mkdir '/mnt/cd/strata'", { code: 'EROFS', syscall: 'mkdir', path: '/mnt/cd/strata' });
    expect(startupFailureMessage(readOnly)).toBe('cannot create the directory /mnt/cd/strata: its filesystem is read-only');
  });

  it('keeps the message of any other error, and of a file permission error (no port)', () => {
    expect(startupFailureMessage(new Error('No NATS server answers at nats://127.0.0.1:4222'))).toBe('No NATS server answers at nats://127.0.0.1:4222');
    expect(startupFailureMessage(systemError("EACCES: permission denied, open '/data/strata.db'", { code: 'EACCES' }))).toBe(
      "EACCES: permission denied, open '/data/strata.db'",
    );
    expect(startupFailureMessage('a string')).toBe('a string');
  });
});
