import { Module, type DynamicModule } from '@nestjs/common';
import { runWithApp } from '@strata/platform-runtime';
import { DiscoveryWorkerThread, type DiscoveryWorkerThreadOptions } from './discovery-worker-thread';

/**
 * Runs a {@link DiscoveryWorkerThread} for the app's lifetime: launched as the module is built,
 * started once the app has bootstrapped (the app's start waits until the thread pulls work
 * items), stopped before the app
 * shuts down, so runs are handed back while NATS is still there.
 */
@Module({})
export class DiscoveryWorkerThreadModule {
  static forRoot(options: DiscoveryWorkerThreadOptions): DynamicModule {
    return {
      module: DiscoveryWorkerThreadModule,
      providers: [
        {
          provide: DiscoveryWorkerThread,
          useFactory: () => {
            const thread = new DiscoveryWorkerThread(options);
            // Loading the plugins takes the thread a second or more: meanwhile the app builds itself.
            thread.launch();
            return thread;
          },
        },
        runWithApp(DiscoveryWorkerThread),
      ],
      exports: [DiscoveryWorkerThread],
    };
  }
}
