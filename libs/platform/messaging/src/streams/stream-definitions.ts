import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { STREAMS, type StreamKey } from '@strata/contracts';
import { StreamSetupError } from '../errors';
import type { MessagingNamespace } from '../namespace/messaging-namespace';

/** The tunable part of a stream; subjects and retention follow from what the stream is for. */
export interface StreamSettings {
  storage: 'file' | 'memory';
  /** Messages older than this are removed; 0 keeps them forever. */
  maxAgeMs: number;
  /** How long a `msgId` is remembered to drop duplicates; at most `maxAgeMs`. */
  duplicateWindowMs: number;
  /** Cap on the stream's size; -1 for none. */
  maxBytes: number;
  /** Cap on the messages kept per subject (oldest go first); -1 for none. */
  maxMsgsPerSubject: number;
  replicas: number;
}

export type StreamSettingsOverrides = { readonly [K in StreamKey]?: Partial<StreamSettings> };

const DAY_MS = 24 * 60 * 60 * 1000;
const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

export const DEFAULT_STREAM_SETTINGS: Readonly<Record<StreamKey, Readonly<StreamSettings>>> = {
  // Domain events are kept in the event store; the stream only has to outlive consumer outages.
  events: { storage: 'file', maxAgeMs: 30 * DAY_MS, duplicateWindowMs: DUPLICATE_WINDOW_MS, maxBytes: -1, maxMsgsPerSubject: -1, replicas: 1 },
  work: { storage: 'file', maxAgeMs: 7 * DAY_MS, duplicateWindowMs: DUPLICATE_WINDOW_MS, maxBytes: -1, maxMsgsPerSubject: -1, replicas: 1 },
  // A work queue (below): the age only bounds what no consumer ever stores (past its last delivery attempt).
  batches: { storage: 'file', maxAgeMs: 7 * DAY_MS, duplicateWindowMs: DUPLICATE_WINDOW_MS, maxBytes: -1, maxMsgsPerSubject: -1, replicas: 1 },
  // One subject per job: the cap stops a runaway plugin from filling the stream with one job's lines.
  logs: { storage: 'file', maxAgeMs: 14 * DAY_MS, duplicateWindowMs: DUPLICATE_WINDOW_MS, maxBytes: -1, maxMsgsPerSubject: 100_000, replicas: 1 },
};

// Work items and resource batches are removed once acknowledged (a batch once inventory has stored
// it: nothing reads one again), and new ones are refused rather than old ones silently dropped when
// a limit is reached; events and logs are kept until their limits, as readers replay them.
// A work queue holds each subject for one consumer: inventory's durable `inventory` on BATCHES.
const RETENTION: Record<StreamKey, { retention: RetentionPolicy; discard: DiscardPolicy }> = {
  events: { retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old },
  work: { retention: RetentionPolicy.Workqueue, discard: DiscardPolicy.New },
  batches: { retention: RetentionPolicy.Workqueue, discard: DiscardPolicy.New },
  logs: { retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old },
};

export type DeclaredStreamConfig = Pick<
  StreamConfig,
  | 'name'
  | 'subjects'
  | 'retention'
  | 'discard'
  | 'storage'
  | 'max_age'
  | 'duplicate_window'
  | 'max_bytes'
  | 'max_msgs_per_subject'
  | 'num_replicas'
>;

/** The full configuration the stream `key` must have in `namespace`. */
export function declaredStreamConfig(
  key: StreamKey,
  namespace: MessagingNamespace,
  overrides: Partial<StreamSettings> = {},
): DeclaredStreamConfig {
  const settings = { ...DEFAULT_STREAM_SETTINGS[key], ...overrides };
  const name = namespace.streamName(key);
  if (settings.maxAgeMs > 0 && settings.duplicateWindowMs > settings.maxAgeMs) {
    throw new StreamSetupError(name, `duplicate window (${settings.duplicateWindowMs} ms) exceeds max age (${settings.maxAgeMs} ms)`);
  }
  return {
    name,
    subjects: namespace.streamSubjects(key),
    ...RETENTION[key],
    storage: settings.storage === 'memory' ? StorageType.Memory : StorageType.File,
    max_age: nanos(settings.maxAgeMs),
    duplicate_window: nanos(settings.duplicateWindowMs),
    max_bytes: settings.maxBytes,
    max_msgs_per_subject: settings.maxMsgsPerSubject,
    num_replicas: settings.replicas,
  };
}

/** The declared fields whose current value differs, to decide whether an update is due. */
export function differingFields(declared: DeclaredStreamConfig, current: Partial<StreamConfig>): (keyof DeclaredStreamConfig)[] {
  return (Object.keys(declared) as (keyof DeclaredStreamConfig)[]).filter(
    (field) => JSON.stringify(declared[field]) !== JSON.stringify(current[field]),
  );
}

export const STREAM_KEYS = Object.keys(STREAMS) as StreamKey[];
