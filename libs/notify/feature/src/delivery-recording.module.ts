import { Module, type DynamicModule } from '@nestjs/common';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE } from '@strata/platform-runtime';
import { required } from './notifier-wiring-error';
import { DeliveryRecorder } from './record-deliveries/delivery-recorder';
import { RecordDeliveriesConsumer } from './record-deliveries/record-deliveries.consumer';

export interface DeliveryRecordingModuleOptions {
  /** Default: the store `StorageModule` provides (`READ_STORE`). */
  readStore?: ReadStore;
  clock?: () => Date;
  /**
   * Told each time new deliveries are recorded, so the sender attempts them now rather than at its
   * next poll: `NotifierModule` wakes its sender in the same app; an app whose sender runs
   * elsewhere in the process (the standalone app's events thread) forwards it there.
   */
  onRecorded?: () => void;
}

/**
 * The notifier's recording half: the durable consumer of every event (`events.>`) that records a
 * pending delivery per subscribed webhook. It needs the read store only (no secret: bodies are
 * signed when sent), so it can run apart from the sender (`NotifierModule`), as the standalone
 * app runs it in its events thread.
 */
@Module({})
export class DeliveryRecordingModule {
  static forRoot(options: DeliveryRecordingModuleOptions = {}): DynamicModule {
    const clock = options.clock ?? (() => new Date());
    return {
      module: DeliveryRecordingModule,
      controllers: [RecordDeliveriesConsumer],
      providers: [
        {
          provide: DeliveryRecorder,
          inject: [{ token: READ_STORE, optional: true }],
          useFactory: (appReadStore?: ReadStore) =>
            new DeliveryRecorder({
              readStore: required(options.readStore ?? appReadStore, 'DeliveryRecordingModule', 'a read store (StorageModule)'),
              clock,
              ...(options.onRecorded ? { onRecorded: options.onRecorded } : {}),
            }),
        },
      ],
      exports: [DeliveryRecorder],
    };
  }
}

