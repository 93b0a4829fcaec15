import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import { DiscoveryWorker, type DiscoveryWorkerOptions } from '../worker/discovery-worker';

/** Everything a {@link DiscoveryWorker} takes except the messaging client, which is injected. */
export type DiscoveryWorkerModuleOptions = Omit<DiscoveryWorkerOptions, 'messaging'>;

export interface DiscoveryWorkerModuleAsyncOptions {
  /** Modules that provide what `inject` names (not needed for global providers). */
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...injected: never[]) => DiscoveryWorkerModuleOptions | Promise<DiscoveryWorkerModuleOptions>;
}

const WORKER_OPTIONS = Symbol('DiscoveryWorkerModuleOptions');

@Injectable()
class DiscoveryWorkerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly worker: DiscoveryWorker;

  constructor(@Inject(MessagingClient) messaging: MessagingClient, @Inject(WORKER_OPTIONS) options: DiscoveryWorkerModuleOptions) {
    this.worker = new DiscoveryWorker({ ...options, messaging });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.worker.start();
  }

  // Before the messaging module's shutdown hook closes the connection the runs hand back over.
  async beforeApplicationShutdown(): Promise<void> {
    await this.worker.stop();
  }
}

/**
 * Runs a {@link DiscoveryWorker} for the app's lifetime: started once the app is bootstrapped,
 * stopped (runs handed back, not acknowledged) before the messaging connection closes. Needs
 * `MessagingModule`; the worker itself can be injected as `DiscoveryWorker`.
 */
@Module({})
export class DiscoveryWorkerModule {
  static forRoot(options: DiscoveryWorkerModuleOptions): DynamicModule {
    return DiscoveryWorkerModule.withOptionsProvider({ provide: WORKER_OPTIONS, useValue: options }, []);
  }

  /** For options that depend on other providers, e.g. the tenancy context's credential resolver. */
  static forRootAsync({ imports = [], inject = [], useFactory }: DiscoveryWorkerModuleAsyncOptions): DynamicModule {
    return DiscoveryWorkerModule.withOptionsProvider({ provide: WORKER_OPTIONS, inject, useFactory }, imports);
  }

  private static withOptionsProvider(
    optionsProvider: Provider,
    imports: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    return {
      module: DiscoveryWorkerModule,
      imports,
      providers: [
        optionsProvider,
        DiscoveryWorkerLifecycle,
        { provide: DiscoveryWorker, inject: [DiscoveryWorkerLifecycle], useFactory: (lifecycle: DiscoveryWorkerLifecycle) => lifecycle.worker },
      ],
      exports: [DiscoveryWorker],
    };
  }
}
