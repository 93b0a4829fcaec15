import { isMainThread, parentPort } from 'node:worker_threads';
import type { DynamicModule, INestMicroservice, Type } from '@nestjs/common';
import { createLogger, LoopHealth } from '@strata/platform-observability';
import type { FlushableTelemetry } from '../boot-service';
import { startNatsMicroservice } from '../nats-transport';
import type { FromServiceThread, ToServiceThread } from './service-thread-messages';

/** What a thread's app is given to talk to the app's side. */
export interface ServiceThreadContext<ToThread = never, FromThread = never> {
  /** Where the thread's loops report: forwarded to the app's side, for its `GET /status`. */
  health: LoopHealth;
  /** Sends the app's side a message of the service's own (`ServiceThreadOptions.onMessage` answers it). */
  send(message: FromThread): void;
  /** Listens to the app's side's messages of the service's own (its answers). */
  onMessage(listener: (message: ToThread) => void): void;
}

export interface ServiceThreadProgram<ToThread = never, FromThread = never> {
  /** The thread's logger name. */
  name: string;
  /** The thread's OpenTelemetry SDK (its app's `instrumentation.ts`, imported first): flushed once its app has closed. */
  telemetry: FlushableTelemetry;
  /**
   * The thread's app: a Nest microservice on the NATS transport (`startNatsMicroservice`), so it
   * needs `MessagingModule` (with `health: context.health`, `streams: false`: the app's side has
   * set the streams up) and whatever else its services need.
   */
  module: (context: ServiceThreadContext<ToThread, FromThread>) => Type<unknown> | DynamicModule;
}

/**
 * The thread side of a `ServiceThread`: call it from the top level of the thread's entry module.
 * Runs the program's app until the app's side asks it to stop, then closes it (its consumers
 * stop pulling and drain, its providers stop, its stores close), flushes telemetry and lets the
 * thread end. An app that cannot start ends the thread (the app's side starts another later).
 */
export function runServiceThread<ToThread = never, FromThread = never>({ name, telemetry, module }: ServiceThreadProgram<ToThread, FromThread>): void {
  if (isMainThread || !parentPort) throw new Error('runServiceThread: run it in a worker thread (ServiceThread)');
  const port = parentPort;
  const post = (message: FromServiceThread<FromThread>) => port.postMessage(message);
  const logger = createLogger({ name });
  const context: ServiceThreadContext<ToThread, FromThread> = {
    health: new ForwardedLoopHealth(post),
    send: (message) => post({ type: 'own', message }),
    onMessage: (listener) => port.on('message', (message: ToServiceThread<ToThread>) => message.type === 'own' && listener(message.message)),
  };
  let app: INestMicroservice | undefined;
  let stopRequested = false;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await app?.close();
      await telemetry.shutdown();
      // Nothing is left to keep the thread: it ends.
      port.close();
    })());
  port.on('message', (message: ToServiceThread<ToThread>) => {
    if (message.type !== 'stop') return;
    if (app) void stop();
    else stopRequested = true;
  });
  void (async () => {
    try {
      app = await startNatsMicroservice(module(context));
    } catch (error) {
      logger.error({ err: error }, `${name} could not start`);
      // Uncaught, it ends the thread and reaches the app's side as the thread's error (a message
      // posted just before `process.exit` was lost with the thread).
      setImmediate(() => {
        throw error;
      });
      return;
    }
    if (stopRequested) void stop();
    else post({ type: 'ready' });
  })();
}

/** This thread's loops, as the app's `GET /status` shows them. */
class ForwardedLoopHealth extends LoopHealth {
  constructor(private readonly post: (message: FromServiceThread<never>) => void) {
    super();
  }

  override failed(name: string): void {
    super.failed(name);
    this.post({ type: 'loop', name, state: 'failed' });
  }

  override recovered(name: string): void {
    super.recovered(name);
    this.post({ type: 'loop', name, state: 'recovered' });
  }
}
