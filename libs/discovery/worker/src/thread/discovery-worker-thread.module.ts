import { Module, type DynamicModule } from '@nestjs/common';
import { runWithApp } from '@strata/platform-runtime';
import { DiscoveryWorkerThread, type DiscoveryWorkerThreadOptions } from './discovery-worker-thread';

/**
 * Runs a {@link DiscoveryWorkerThread} for the app's lifetime: started once the app has
 * bootstrapped (without waiting for the thread to pull work items), stopped before the app
 * shuts down, so runs are handed back while NATS is still there.
 */
@Module({})
export class DiscoveryWorkerThreadModule {
  static forRoot(options: DiscoveryWorkerThreadOptions): DynamicModule {
    return {
      module: DiscoveryWorkerThreadModule,
      providers: [{ provide: DiscoveryWorkerThread, useFactory: () => new DiscoveryWorkerThread(options) }, runWithApp(DiscoveryWorkerThread)],
      exports: [DiscoveryWorkerThread],
    };
  }
}
