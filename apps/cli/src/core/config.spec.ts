import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configPath, profileName, readConfig, writeConfig } from './config';

describe('the config file', () => {
  let home: string;
  beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'strata-cli-'))));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('lives under XDG_CONFIG_HOME, else HOME/.config', () => {
    expect(configPath({ HOME: '/home/u' })).toBe('/home/u/.config/strata/config.json');
    expect(configPath({ HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/strata/config.json');
    expect(() => configPath({})).toThrow(/HOME/);
  });

  it('is written 0600 in a 0700 directory whatever the umask, and read back', () => {
    const path = configPath({ HOME: home });
    const umask = process.umask(0o000);
    try {
      writeConfig(path, { current_profile: 'prod', profiles: { prod: { url: 'http://x', token: 'strata_t' } } });
    } finally {
      process.umask(umask);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(home, '.config', 'strata')).mode & 0o777).toBe(0o700);
    expect(readConfig(path)).toEqual({ current_profile: 'prod', profiles: { prod: { url: 'http://x', token: 'strata_t' } } });
  });

  it('a file that was 0644 becomes 0600 when written again', () => {
    const path = configPath({ HOME: home });
    writeConfig(path, { profiles: {} });
    writeFileSync(path, '{"profiles": {}}', { mode: 0o644 });
    writeConfig(path, { profiles: { default: { url: 'http://x', token: 't' } } });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('a missing file is no profiles; a corrupt one is an error naming it', () => {
    expect(readConfig(join(home, 'nope.json'))).toEqual({ profiles: {} });
    const path = join(home, 'bad.json');
    writeFileSync(path, '{');
    expect(() => readConfig(path)).toThrow(/bad\.json is not valid JSON/);
  });

  it('the profile: --profile, then STRATA_PROFILE, then current_profile, then default', () => {
    const config = { current_profile: 'file', profiles: {} };
    expect(profileName('flag', { STRATA_PROFILE: 'env' }, config)).toBe('flag');
    expect(profileName(undefined, { STRATA_PROFILE: 'env' }, config)).toBe('env');
    expect(profileName(undefined, {}, config)).toBe('file');
    expect(profileName(undefined, {}, { profiles: {} })).toBe('default');
  });
});
