import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CliError } from './errors';

/** One Strata installation the CLI talks to. */
export interface Profile {
  url: string;
  token: string;
  /** The tenant commands act in when neither `--tenant` nor `STRATA_TENANT` says. */
  tenant?: string;
}

/** `~/.config/strata/config.json`: written with mode 0600, as it holds tokens. */
export interface ConfigFile {
  /** The profile used when neither `--profile` nor `STRATA_PROFILE` names one. */
  current_profile?: string;
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

/** `$XDG_CONFIG_HOME/strata/config.json`, else `$HOME/.config/strata/config.json`. */
export function configPath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env['XDG_CONFIG_HOME'] || (env['HOME'] ? join(env['HOME'], '.config') : undefined);
  if (!base) throw new CliError('Cannot tell where the configuration lives: set HOME or XDG_CONFIG_HOME');
  return join(base, 'strata', 'config.json');
}

export function readConfig(path: string): ConfigFile {
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CliError(`${path} is not valid JSON (${(error as Error).message}): fix or delete it, then log in again`);
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as ConfigFile).profiles !== 'object') return { profiles: {} };
  return parsed as ConfigFile;
}

/** Writes the whole file atomically, 0600 whatever the umask (it holds tokens); its directory 0700. */
export function writeConfig(path: string, config: ConfigFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}

/** The profile in use: `--profile`, then `STRATA_PROFILE`, then the file's `current_profile`, then `default`. */
export function profileName(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, config: ConfigFile): string {
  return flag || env['STRATA_PROFILE'] || config.current_profile || DEFAULT_PROFILE;
}
