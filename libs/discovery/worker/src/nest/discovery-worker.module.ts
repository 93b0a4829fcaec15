import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type Provider } from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import { runWithApp } from '@strata/platform-runtime';
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
        {
          provide: DiscoveryWorker,
          inject: [MessagingClient, WORKER_OPTIONS],
          useFactory: (messaging: MessagingClient, options: DiscoveryWorkerModuleOptions) => new DiscoveryWorker({ ...options, messaging }),
        },
        // Stopped (runs handed back, not acknowledged) before the messaging connection closes.
        runWithApp(DiscoveryWorker),
      ],
      exports: [DiscoveryWorker],
    };
  }
}
