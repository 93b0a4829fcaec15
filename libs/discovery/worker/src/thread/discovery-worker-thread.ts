import type { CredentialResolver } from '@strata/contracts';
import type { Logger, LoopHealth } from '@strata/platform-observability';
import { ServiceThread } from '@strata/platform-runtime';
import type { FromDiscoveryThread, ToDiscoveryThread } from './thread-messages';

export interface DiscoveryWorkerThreadOptions {
  /**
   * The thread's program: a module whose top level calls `runDiscoveryWorkerThread` with the
   * plugins to run (the app's own, since plugins are code and cannot be sent to a thread).
   * A `.ts` file runs through `@swc-node/register`, as the specs' do.
   */
  entry: string;
  /** Answers the thread's runs for their credentials: the secret key stays on this side. */
  credentialResolver: CredentialResolver;
  /** The thread's environment: NATS, `DISCOVERY_*` tuning, `LOG_LEVEL`, `OTEL_*` (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Where the thread, and the loops in it, show as down (default: this process's, for `GET /status`). */
  health?: LoopHealth;
  logger?: Logger;
  /** How long a stop waits for the thread to hand its runs back before it is ended (default 30 s). */
  stopTimeoutMs?: number;
}

/**
 * The thread's young generation (MiB). A run's garbage (resources generated, batches encoded) is
 * short-lived: left at V8's default young generation (up to 128 MiB here) the thread added that
 * much to the process's RSS. Collecting it more often costs this thread, not the app's event loop.
 */
const THREAD_YOUNG_GENERATION_MIB = 16;

/** The name under which `GET /status` shows the thread while it is down (ended unasked, restarting). */
export const DISCOVERY_THREAD_LOOP = 'discovery-worker-thread';

/**
 * A discovery worker in a worker thread of this process (a {@link ServiceThread}), with a NATS
 * connection of its own: the plugins' work (generating or fetching resources, encoding batches,
 * publishing them) runs on another core, and this thread's event loop stays free for HTTP and
 * the other services, as it is when the worker is a process of its own (the distributed
 * topology). Everything else works as with a worker in the process: the thread consumes the same
 * work items, reports, logs and cancels runs over NATS; it asks this side for credentials (the
 * secret key and the store stay here); its loops show in `GET /status`. A stop has it hand the
 * running runs back.
 */
export class DiscoveryWorkerThread extends ServiceThread<ToDiscoveryThread, FromDiscoveryThread> {
  constructor({ credentialResolver, ...options }: DiscoveryWorkerThreadOptions) {
    super({
      ...options,
      name: DISCOVERY_THREAD_LOOP,
      maxYoungGenerationSizeMb: THREAD_YOUNG_GENERATION_MIB,
      onMessage: (request, reply) => void answerCredential(credentialResolver, request, reply),
    });
  }
}

async function answerCredential(resolver: CredentialResolver, { id, tenantId, credentialId }: FromDiscoveryThread, reply: (message: ToDiscoveryThread) => void): Promise<void> {
  try {
    reply({ type: 'credential', id, credential: await resolver.resolve(tenantId, credentialId) });
  } catch (error) {
    // The message only: the resolver's errors name the credential, never its secret.
    reply({ type: 'credential', id, error: error instanceof Error ? error.message : String(error) });
  }
}
