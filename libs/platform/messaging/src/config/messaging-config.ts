import { MessagingConfigError } from '../errors';
import { MessagingNamespace } from '../namespace/messaging-namespace';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** Where to connect and under which namespace; plain data, read from the environment. */
export interface MessagingConfig {
  /** One or more NATS server URLs (`NATS_URL` may list several, comma-separated). */
  servers: string | string[];
  /** `STRATA_NS`: prefix of every subject and stream; empty for none. */
  namespace: string;
  /**
   * `STRATA_ACK_WAIT_MS`: how long a durable consumer's message stays with a process that took it
   * and went silent (killed, frozen) before it is delivered again, where the consumer does not set
   * its own (default 30 s). Handlers signal progress meanwhile, so this bounds the wait after a
   * crash, not how long a handler may take. Every replica of a service must use the same value:
   * each one's start-up updates the shared consumer to its own.
   */
  ackWaitMs?: number;
}

/** `nats://user:pw@host:4222`, `tls://host`, `host:4222`: a scheme is optional, a path is not allowed. */
const SERVER_URL = /^(?:(?:nats|tls|ws|wss):\/\/)?[^\s/]+$/;

/**
 * Reads `NATS_URL` (default {@link DEFAULT_NATS_URL}), `STRATA_NS` (default none) and
 * `STRATA_ACK_WAIT_MS` (default: each consumer's own, else 30 s). Throws a
 * {@link MessagingConfigError} naming the variable when a value is unusable.
 */
export function messagingConfigFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): MessagingConfig & { servers: string[] } {
  const rawUrl = env['NATS_URL']?.trim() || DEFAULT_NATS_URL;
  const servers = rawUrl
    .split(',')
    .map((server) => server.trim())
    .filter((server) => server !== '');
  const invalid = servers.filter((server) => !SERVER_URL.test(server));
  if (servers.length === 0 || invalid.length > 0) {
    throw new MessagingConfigError(`NATS_URL "${rawUrl}" is not a NATS server URL (or a comma-separated list of them)`);
  }

  const namespace = env['STRATA_NS']?.trim() ?? '';
  try {
    MessagingNamespace.of(namespace);
  } catch (error) {
    throw new MessagingConfigError(`STRATA_NS "${namespace}" may only contain letters, digits and "-"`, { cause: error });
  }
  const rawAckWait = env['STRATA_ACK_WAIT_MS']?.trim();
  if (rawAckWait === undefined || rawAckWait === '') return { servers, namespace };
  const ackWaitMs = /^\d+$/.test(rawAckWait) ? Number(rawAckWait) : Number.NaN;
  if (!(ackWaitMs >= MIN_ACK_WAIT_MS)) {
    throw new MessagingConfigError(`STRATA_ACK_WAIT_MS "${rawAckWait}" must be a whole number of milliseconds, at least ${MIN_ACK_WAIT_MS}`);
  }
  return { servers, namespace, ackWaitMs };
}

/** Below this, a handler's progress signals (a third of the wait apart) would be mostly traffic. */
const MIN_ACK_WAIT_MS = 500;
