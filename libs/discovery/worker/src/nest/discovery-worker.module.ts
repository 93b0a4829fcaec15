import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import { runWithApp } from '@strata/platform-runtime';
import { discoveryWorkConsumer } from '../worker/discovery-work.consumer';
import { DiscoveryWorker, type AnyDiscoveryPlugin, type DiscoveryWorkerOptions } from '../worker/discovery-worker';

/** Everything a {@link DiscoveryWorker} takes except the messaging client, which is injected. */
export type DiscoveryWorkerModuleOptions = Omit<DiscoveryWorkerOptions, 'messaging'>;

export interface DiscoveryWorkerModuleAsyncOptions {
  /**
   * The plugins to run, given here rather than by the factory: each is a consumer of its own,
   * declared when the module is (the factory's other options tune them at start-up).
   */
  plugins: readonly AnyDiscoveryPlugin[];
  /** Modules that provide what `inject` names (not needed for global providers). */
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...injected: never[]) => Omit<DiscoveryWorkerModuleOptions, 'plugins'> | Promise<Omit<DiscoveryWorkerModuleOptions, 'plugins'>>;
}

const WORKER_OPTIONS = Symbol('DiscoveryWorkerModuleOptions');

/**
 * Runs a {@link DiscoveryWorker} for the app's lifetime: started once the app is bootstrapped,
 * its work items consumed by a controller the app's NATS transport serves (`bootService`,
 * `connectNatsTransport`), which on shutdown stops pulling and hands the running runs back (not
 * acknowledged) before the worker stops and the messaging connection closes. Needs
 * `MessagingModule`; the worker itself can be injected as `DiscoveryWorker`.
 */
@Module({})
export class DiscoveryWorkerModule {
  static forRoot(options: DiscoveryWorkerModuleOptions): DynamicModule {
    return DiscoveryWorkerModule.withOptionsProvider(options.plugins, { provide: WORKER_OPTIONS, useValue: options }, []);
  }

  /** For options that depend on other providers, e.g. the tenancy context's credential resolver. */
  static forRootAsync({ plugins, imports = [], inject = [], useFactory }: DiscoveryWorkerModuleAsyncOptions): DynamicModule {
    const optionsProvider: Provider = {
      provide: WORKER_OPTIONS,
      inject,
      useFactory: async (...injected: never[]): Promise<DiscoveryWorkerModuleOptions> => ({ ...(await useFactory(...injected)), plugins }),
    };
    return DiscoveryWorkerModule.withOptionsProvider(plugins, optionsProvider, imports);
  }

  /** The consumer of a worker built and started elsewhere (an int spec's), for a NATS transport to serve. */
  static forInstance(worker: DiscoveryWorker): DynamicModule {
    return {
      module: DiscoveryWorkerModule,
      controllers: [discoveryWorkConsumer(worker.pluginIds, () => worker.consumerTuning)],
      providers: [{ provide: DiscoveryWorker, useValue: worker }],
    };
  }

  private static withOptionsProvider(
    plugins: readonly AnyDiscoveryPlugin[],
    optionsProvider: Provider,
    imports: NonNullable<ModuleMetadata['imports']>,
  ): DynamicModule {
    // The worker this module builds, for its consumer's tuning, read when the transport starts.
    let built: DiscoveryWorker | undefined;
    const tuning = () => {
      if (!built) throw new Error('DiscoveryWorkerModule: the transport started before the worker was built');
      return built.consumerTuning;
    };
    return {
      module: DiscoveryWorkerModule,
      imports,
      controllers: [discoveryWorkConsumer(plugins.map((plugin) => plugin.id), tuning)],
      providers: [
        optionsProvider,
        {
          provide: DiscoveryWorker,
          inject: [MessagingClient, WORKER_OPTIONS],
          useFactory: (messaging: MessagingClient, options: DiscoveryWorkerModuleOptions) => (built = new DiscoveryWorker({ ...options, messaging })),
        },
        // Stopped after the transport has handed the runs back, before the messaging connection closes.
        runWithApp(DiscoveryWorker),
      ],
      exports: [DiscoveryWorker],
    };
  }
}
