import { isMainThread, parentPort, type MessagePort } from 'node:worker_threads';
import { Module, type DynamicModule, type INestMicroservice } from '@nestjs/common';
import type { CredentialResolver, ResolvedCredential } from '@strata/contracts';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import { createLogger, LoopHealth } from '@strata/platform-observability';
import { startNatsMicroservice, type FlushableTelemetry } from '@strata/platform-runtime';
import { DiscoveryWorkerModule } from '../nest/discovery-worker.module';
import type { AnyDiscoveryPlugin } from '../worker/discovery-worker';
import { discoveryWorkerSettingsFromEnv } from '../worker/worker-settings';
import type { FromDiscoveryThread, ToDiscoveryThread } from './thread-messages';

export interface DiscoveryWorkerThreadProgram {
  /** The plugins this thread runs. */
  plugins: readonly AnyDiscoveryPlugin[];
  /** The thread's OpenTelemetry SDK (its app's `instrumentation.ts`, imported first): flushed once the worker has stopped. */
  telemetry: FlushableTelemetry;
  /** Its NATS connection's name. */
  name: string;
}

/**
 * The thread side of a `DiscoveryWorkerThread`: call it from the top level of the thread's entry
 * module. Runs a discovery worker (a Nest microservice on a NATS connection of its own, tuned
 * from `DISCOVERY_*`) until the app's side asks it to stop, then closes it (consumers stop
 * pulling, running runs are handed back), flushes telemetry and lets the thread end.
 */
export function runDiscoveryWorkerThread({ plugins, telemetry, name }: DiscoveryWorkerThreadProgram): void {
  if (isMainThread || !parentPort) throw new Error('runDiscoveryWorkerThread: run it in a worker thread (DiscoveryWorkerThread)');
  const port = parentPort;
  const send = (message: FromDiscoveryThread) => port.postMessage(message);
  const logger = createLogger({ name: 'discovery-worker' });
  const credentials = new CredentialsFromApp(port, send);
  let app: INestMicroservice | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app?.close();
      await telemetry.shutdown();
      // Nothing is left to keep the thread: it ends.
      port.close();
    })());
  port.on('message', (message: ToDiscoveryThread) => {
    if (message.type === 'stop' && app) void stop();
    else if (message.type === 'stop') stopRequested = true;
  });
  let stopRequested = false;
  void (async () => {
    try {
      app = await startNatsMicroservice(DiscoveryThreadModule.create({ plugins, name, credentialResolver: credentials, health: new ForwardedLoopHealth(send) }));
    } catch (error) {
      logger.error({ err: error }, 'discovery worker thread could not start');
      send({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
      process.exit(1);
    }
    if (stopRequested) void stop();
    else send({ type: 'ready' });
  })();
}

@Module({})
class DiscoveryThreadModule {
  static create({
    plugins,
    name,
    credentialResolver,
    health,
  }: {
    plugins: readonly AnyDiscoveryPlugin[];
    name: string;
    credentialResolver: CredentialResolver;
    health: LoopHealth;
  }): DynamicModule {
    const env = process.env;
    return {
      module: DiscoveryThreadModule,
      imports: [
        // The app has set up the streams already.
        MessagingModule.forRoot({ config: messagingConfigFromEnv(env), name, streams: false, health }),
        DiscoveryWorkerModule.forRoot({ plugins, credentialResolver, ...discoveryWorkerSettingsFromEnv(env) }),
      ],
    };
  }
}

/** Asks the app's side for each credential: its resolver holds the secret key and the store. */
class CredentialsFromApp implements CredentialResolver {
  private readonly waiting = new Map<number, { resolve(credential: ResolvedCredential | undefined): void; reject(error: Error): void }>();
  private nextId = 1;

  constructor(
    port: MessagePort,
    private readonly send: (message: FromDiscoveryThread) => void,
  ) {
    port.on('message', (message: ToDiscoveryThread) => {
      if (message.type !== 'credential') return;
      const waiting = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if ('error' in message) waiting?.reject(new Error(message.error));
      else waiting?.resolve(message.credential);
    });
  }

  resolve(tenantId: string, credentialId: string): Promise<ResolvedCredential | undefined> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.send({ type: 'credential', id, tenantId, credentialId });
    });
  }
}

/** This thread's loops, as the app's `GET /status` shows them. */
class ForwardedLoopHealth extends LoopHealth {
  constructor(private readonly send: (message: FromDiscoveryThread) => void) {
    super();
  }

  override failed(name: string): void {
    super.failed(name);
    this.send({ type: 'loop', name, state: 'failed' });
  }

  override recovered(name: string): void {
    super.recovered(name);
    this.send({ type: 'loop', name, state: 'recovered' });
  }
}
