import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { READ_STORE, runWithApp } from '@strata/platform-runtime';
import { AuditEngine, type AuditEngineSettings } from '../audit-engine';
import { evaluateScopeConsumer } from '../evaluate-scope/evaluate-scope.consumer';

export interface AuditEngineModuleOptions extends AuditEngineSettings {
  /** Default: the store `StorageModule` provides (`READ_STORE`). The caller closes it. */
  readStore?: ReadStore;
  /** Default: the client `MessagingModule` provides. */
  messaging?: MessagingClient;
}

/** Thrown at start-up when neither the options nor the app provide a read store or messaging. */
export class AuditEngineWiringError extends Error {
  constructor(missing: string) {
    super(`AuditEngineModule needs ${missing}: pass it in forRoot() or import the module that provides it`);
    this.name = 'AuditEngineWiringError';
  }
}

/**
 * The audit engine for the app's lifetime. Needs a read store (the one the inventory writes) and
 * a messaging client, from the options or from `StorageModule` and `MessagingModule`. Its
 * consumer is a controller the app's NATS transport serves (`bootService`,
 * `connectNatsTransport`); its mute-expiry sweep runs from the app's bootstrap to its shutdown.
 * Exports {@link AuditEngine}.
 */
@Module({})
export class AuditEngineModule {
  static forRoot({ readStore, messaging, ...settings }: AuditEngineModuleOptions = {}): DynamicModule {
    return {
      module: AuditEngineModule,
      controllers: [evaluateScopeConsumer(settings)],
      providers: [
        {
          provide: AuditEngine,
          inject: [
            { token: READ_STORE, optional: true },
            { token: MessagingClient, optional: true },
          ],
          useFactory: (appReadStore?: ReadStore, appMessaging?: MessagingClient) => {
            const store = readStore ?? appReadStore;
            const client = messaging ?? appMessaging;
            if (!store) throw new AuditEngineWiringError('a read store (StorageModule)');
            if (!client) throw new AuditEngineWiringError('a messaging client (MessagingModule)');
            return new AuditEngine({ readStore: store, messaging: client, ...settings });
          },
        },
        // The mute-expiry sweep, from bootstrap to shutdown.
        runWithApp(AuditEngine),
      ],
      exports: [AuditEngine],
    };
  }

  /** The consumer of an engine built elsewhere (an int spec's), for a NATS transport to serve. */
  static forInstance(engine: AuditEngine): DynamicModule {
    return { module: AuditEngineModule, controllers: [evaluateScopeConsumer(engine)], providers: [{ provide: AuditEngine, useValue: engine }] };
  }
}
