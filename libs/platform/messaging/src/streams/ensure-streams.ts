import { RetentionPolicy, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
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
  /**
   * `recreated`: deleted and created again for a retention policy the server cannot change in
   * place; `kept`: left as it was for now, as that would lose messages not yet consumed (`reason`).
   */
  outcome: 'created' | 'updated' | 'unchanged' | 'recreated' | 'kept';
  reason?: string;
}

/** Retention policies under which a message goes once consumed: a stream moving to one may be recreated once drained. */
const CONSUMED_MESSAGES_GO: ReadonlySet<string> = new Set([RetentionPolicy.Workqueue, RetentionPolicy.Interest]);

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
  const existing = current ?? (await currentConfig(jsm, declared.name));
  if (existing && existing.retention !== declared.retention && CONSUMED_MESSAGES_GO.has(declared.retention)) {
    return recreateOnceDrained(jsm, declared, existing);
  }
  return updateIfDiffers(jsm, declared, existing);
}

/**
 * The server cannot change a stream's retention in place (nats-server 2.9 refuses it: "can not
 * change retention policy"). A stream moving to a policy under which consumed messages go (BATCHES,
 * from limits to work queue) is deleted and created again, which loses what is in it: so only once
 * each of its consumers has acknowledged (or terminated) everything. Meanwhile its subjects
 * are moved aside, so that a publish fails (and is retried by its publisher) rather than landing
 * in a stream about to go. Not drained: it is kept as it was, and a later start-up tries again.
 * Its consumers go with it; their services create them again as they start.
 */
async function recreateOnceDrained(jsm: JetStreamManager, declared: DeclaredStreamConfig, current: StreamConfig): Promise<StreamSetupResult> {
  const { name } = declared;
  const restore = async (): Promise<void> => {
    await jsm.streams.update(name, { ...current, subjects: current.subjects });
  };
  try {
    await jsm.streams.update(name, { subjects: [`strata-recreating.${name}`] });
    const waiting = await unconsumed(jsm, name);
    const now = await currentConfig(jsm, name);
    // Another service recreated it meanwhile.
    if (now?.retention === declared.retention) return { stream: name, outcome: 'unchanged' };
    if (waiting > 0) {
      await restore();
      const reason = `${waiting} message(s) not yet acknowledged by its consumers; it keeps ${current.retention} retention until a start-up finds it drained`;
      return { stream: name, outcome: 'kept', reason };
    }
    await jsm.streams.delete(name);
    await jsm.streams.add({ ...declared });
    return { stream: name, outcome: 'recreated' };
  } catch (error) {
    const now = await currentConfig(jsm, name).catch(() => undefined);
    if (now?.retention === declared.retention) return updateIfDiffers(jsm, declared, now);
    if (now) await restore().catch(() => undefined);
    throw new StreamSetupError(name, `cannot recreate it with ${declared.retention} retention: ${errorText(error)}`, { cause: error });
  }
}

/** Messages of the stream some consumer has yet to acknowledge; all of them when it has no consumer. */
async function unconsumed(jsm: JetStreamManager, name: string): Promise<number> {
  const { state } = await jsm.streams.info(name);
  if (state.messages === 0) return 0;
  const consumers = await jsm.consumers.list(name).next();
  if (consumers.length === 0) return state.messages;
  return consumers.reduce((sum, consumer) => sum + consumer.num_pending + consumer.num_ack_pending, 0);
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
