import { Inject, Injectable, type BeforeApplicationShutdown, type InjectionToken, type OnApplicationBootstrap, type Type } from '@nestjs/common';

/** A long-running part of a service: consumers, a relay, a projection, a worker. */
export interface Runnable {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

/**
 * A provider that starts the Runnable under `token` when the app has booted and stops it before
 * the app shuts down, i.e. before MessagingModule and StorageModule close the connection and the
 * stores, so running handlers finish and acknowledge.
 */
export function runWithApp(token: InjectionToken): Type<unknown> {
  @Injectable()
  class RunWithApp implements OnApplicationBootstrap, BeforeApplicationShutdown {
    constructor(@Inject(token) private readonly runnable: Runnable) {}

    async onApplicationBootstrap(): Promise<void> {
      await this.runnable.start();
    }

    async beforeApplicationShutdown(): Promise<void> {
      await this.runnable.stop();
    }
  }
  Object.defineProperty(RunWithApp, 'name', { value: `RunWithApp(${typeof token === 'function' ? token.name : String(token)})` });
  return RunWithApp;
}
