import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { TENANT_LIMITS, type TenantLimits } from '@strata/contracts';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import { CountEndedJobConsumer } from '../count-ended-job/count-ended-job.consumer';
import { CountEndedJobHandler } from '../count-ended-job/count-ended-job.handler';
import { ingestBatchConsumer } from '../ingest-batch/ingest-batch.consumer';
import { IngestBatchHandler } from '../ingest-batch/ingest-batch.handler';
import { InventoryService, type InventorySettings } from '../inventory-service';
import { reconcileScopeConsumer } from '../reconcile-scope/reconcile-scope.consumer';
import { ReconcileScopeHandler } from '../reconcile-scope/reconcile-scope.handler';

export interface InventoryModuleOptions extends InventorySettings {
  /** Default: the store `StorageModule` provides (`READ_STORE`). The caller closes it. */
  readStore?: ReadStore;
  /** Default: the client `MessagingModule` provides. */
  messaging?: MessagingClient;
  /** Default: what the app provides under `TENANT_LIMITS` (TenancyModule does), else no node limit. */
  tenantLimits?: TenantLimits;
}

/** Thrown at start-up when neither the options nor the app provide a read store or messaging. */
export class InventoryWiringError extends Error {
  constructor(missing: string) {
    super(`InventoryModule needs ${missing}: pass it in forRoot() or import the module that provides it`);
    this.name = 'InventoryWiringError';
  }
}

/** The consumers, tuned by the settings, that the app's NATS transport serves. */
function consumers(settings: InventorySettings): Type<unknown>[] {
  return [
    ingestBatchConsumer({ concurrency: settings.ingestConcurrency, maxDeliver: settings.ingestMaxDeliver }),
    reconcileScopeConsumer({ concurrency: settings.reconcileConcurrency, maxDeliver: settings.reconcileMaxDeliver, backoff: settings.reconcileBackoff }),
    CountEndedJobConsumer,
  ];
}

/** The handlers those consumers delegate to: the service's own. */
const HANDLERS: Provider[] = [
  { provide: IngestBatchHandler, inject: [InventoryService], useFactory: (service: InventoryService) => service.ingestBatch },
  { provide: ReconcileScopeHandler, inject: [InventoryService], useFactory: (service: InventoryService) => service.reconcileScope },
  { provide: CountEndedJobHandler, inject: [InventoryService], useFactory: (service: InventoryService) => service.countEndedJob },
];

/**
 * The inventory service for the app's lifetime: batch ingest and scope reconcile consumers
 * (controllers the app's NATS transport serves: `bootService`, `connectNatsTransport`).
 * Needs a read store and a messaging client, from the options or from `StorageModule` and
 * `MessagingModule` (whose start-up also creates the streams); enforces the node limits of
 * `TENANT_LIMITS` when the app provides it. Exports {@link InventoryService}.
 */
@Module({})
export class InventoryModule {
  static forRoot({ readStore, messaging, tenantLimits, ...settings }: InventoryModuleOptions = {}): DynamicModule {
    return {
      module: InventoryModule,
      controllers: consumers(settings),
      providers: [
        {
          provide: InventoryService,
          inject: [
            { token: READ_STORE, optional: true },
            { token: MessagingClient, optional: true },
            { token: TENANT_LIMITS, optional: true },
          ],
          useFactory: (appReadStore?: ReadStore, appMessaging?: MessagingClient, appLimits?: TenantLimits) => {
            const store = readStore ?? appReadStore;
            const client = messaging ?? appMessaging;
            const limits = tenantLimits ?? appLimits;
            if (!store) throw new InventoryWiringError('a read store (StorageModule)');
            if (!client) throw new InventoryWiringError('a messaging client (MessagingModule)');
            return new InventoryService({ readStore: store, messaging: client, ...settings, ...(limits ? { tenantLimits: limits } : {}) });
          },
        },
        runWithApp(InventoryService),
        ...HANDLERS,
      ],
      exports: [InventoryService],
    };
  }

  /** The consumers of a service built and started elsewhere (an int spec's), for a NATS transport to serve. */
  static forInstance(service: InventoryService): DynamicModule {
    return { module: InventoryModule, controllers: consumers(service.settings), providers: [{ provide: InventoryService, useValue: service }, ...HANDLERS] };
  }
}
