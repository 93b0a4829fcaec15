import type { JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import type { StreamKey } from '@strata/contracts';
import { StreamSetupError } from '../errors';
import { isJetStreamApiError, JetStreamErrorCode } from '../jetstream-api-errors';
import type { MessagingNamespace } from '../namespace/messaging-namespace';
import { declaredStreamConfig, differingFields, STREAM_KEYS, type DeclaredStreamConfig, type StreamSettingsOverrides } from './stream-definitions';

export interface StreamSetupOptions {
  /** Per-stream changes to {@link DEFAULT_STREAM_SETTINGS}; every service must declare the same. */
  overrides?: StreamSettingsOverrides;
  /** Set up only these streams (default: all four). */
  only?: readonly StreamKey[];
}

export interface StreamSetupResult {
  stream: string;
  outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Creates each stream, or brings it to the declared configuration. Safe for every service to run
 * at start-up at the same time: creating an identical stream twice succeeds, and a create that
 * lost the race to a different configuration falls back to an update.
 */
export async function ensureStreams(
  jsm: JetStreamManager,
  namespace: MessagingNamespace,
  { overrides = {}, only = STREAM_KEYS }: StreamSetupOptions = {},
): Promise<StreamSetupResult[]> {
  const declared = only.map((key) => declaredStreamConfig(key, namespace, overrides[key]));
  return Promise.all(declared.map((config) => ensureStream(jsm, config)));
}

async function ensureStream(jsm: JetStreamManager, declared: DeclaredStreamConfig): Promise<StreamSetupResult> {
  const current = await currentConfig(jsm, declared.name);
  if (!current) {
    try {
      // The client writes normalised fields into the object it is given; keep ours as declared.
      await jsm.streams.add({ ...declared });
      return { stream: declared.name, outcome: 'created' };
    } catch (error) {
      if (!isJetStreamApiError(error, JetStreamErrorCode.streamNameInUse)) throw new StreamSetupError(declared.name, errorText(error), { cause: error });
    }
  }
  return updateIfDiffers(jsm, declared, current ?? (await currentConfig(jsm, declared.name)));
}

async function updateIfDiffers(
  jsm: JetStreamManager,
  declared: DeclaredStreamConfig,
  current: StreamConfig | undefined,
): Promise<StreamSetupResult> {
  const changed = current ? differingFields(declared, current) : [];
  if (current && changed.length === 0) return { stream: declared.name, outcome: 'unchanged' };
  try {
    await jsm.streams.update(declared.name, { ...declared });
    return { stream: declared.name, outcome: 'updated' };
  } catch (error) {
    // Retention and storage are fixed at creation; the server's words say which one changed.
    throw new StreamSetupError(declared.name, `cannot change ${changed.join(', ')}: ${errorText(error)}`, { cause: error });
  }
}

async function currentConfig(jsm: JetStreamManager, name: string): Promise<StreamConfig | undefined> {
  try {
    return (await jsm.streams.info(name)).config;
  } catch (error) {
    if (isJetStreamApiError(error, JetStreamErrorCode.streamNotFound)) return undefined;
    throw new StreamSetupError(name, errorText(error), { cause: error });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
