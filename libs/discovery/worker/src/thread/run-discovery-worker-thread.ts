import { Module, type DynamicModule } from '@nestjs/common';
import type { CredentialResolver, ResolvedCredential } from '@strata/contracts';
import { MessagingModule, messagingConfigFromEnv } from '@strata/platform-messaging';
import type { LoopHealth } from '@strata/platform-observability';
import { runServiceThread, type FlushableTelemetry, type ServiceThreadContext } from '@strata/platform-runtime';
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
 * pulling, running runs are handed back), flushes telemetry and lets the thread end
 * (`runServiceThread`).
 */
export function runDiscoveryWorkerThread({ plugins, telemetry, name }: DiscoveryWorkerThreadProgram): void {
  runServiceThread<ToDiscoveryThread, FromDiscoveryThread>({
    name: 'discovery-worker',
    telemetry,
    module: (context) => DiscoveryThreadModule.create({ plugins, name, credentialResolver: new CredentialsFromApp(context), health: context.health }),
  });
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

  constructor(private readonly app: ServiceThreadContext<ToDiscoveryThread, FromDiscoveryThread>) {
    app.onMessage((message) => {
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
      this.app.send({ type: 'credential', id, tenantId, credentialId });
    });
  }
}
