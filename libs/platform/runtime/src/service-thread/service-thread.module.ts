import { Module, type DynamicModule } from '@nestjs/common';
import { runWithApp } from '../run-with-app';
import { ServiceThread } from './service-thread';

/**
 * Runs a {@link ServiceThread} for the app's lifetime: started once the app has bootstrapped
 * (without waiting for the thread's app to start), stopped before the app shuts down, so the
 * thread's consumers drain while NATS and the stores are still there. Once per thread: each
 * `forRoot` is a module of its own.
 */
@Module({})
export class ServiceThreadModule {
  static forRoot<ToThread, FromThread>(thread: ServiceThread<ToThread, FromThread>): DynamicModule {
    return {
      module: ServiceThreadModule,
      providers: [{ provide: ServiceThread, useValue: thread }, runWithApp(ServiceThread)],
    };
  }
}
