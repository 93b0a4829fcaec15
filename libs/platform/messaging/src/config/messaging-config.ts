import { MessagingConfigError } from '../errors';
import { MessagingNamespace } from '../namespace/messaging-namespace';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';

/** Where to connect and under which namespace; plain data, read from the environment. */
export interface MessagingConfig {
  /** One or more NATS server URLs (`NATS_URL` may list several, comma-separated). */
  servers: string | string[];
  /** `STRATA_NS`: prefix of every subject and stream; empty for none. */
  namespace: string;
}

/** `nats://user:pw@host:4222`, `tls://host`, `host:4222`: a scheme is optional, a path is not allowed. */
const SERVER_URL = /^(?:(?:nats|tls|ws|wss):\/\/)?[^\s/]+$/;

/**
 * Reads `NATS_URL` (default {@link DEFAULT_NATS_URL}) and `STRATA_NS` (default none). Throws a
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
  return { servers, namespace };
}
