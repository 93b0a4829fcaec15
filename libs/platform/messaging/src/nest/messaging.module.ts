import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { LoopHealth, Logger } from '@strata/platform-observability';
import type { MessagingConfig } from '../config/messaging-config';
import { connectMessaging, MessagingClient } from '../messaging-client';
import type { StreamSetupOptions } from '../streams/ensure-streams';

export interface MessagingModuleOptions {
  config: MessagingConfig;
  /** Connection name (e.g. the service name). */
  name?: string;
  logger?: Logger;
  /** Stream setup at start-up (default: all streams, default settings); `false` skips it. */
  streams?: StreamSetupOptions | false;
  /** Where consumers whose pulls keep failing show as down (default: this process's, `processLoopHealth`). */
  health?: LoopHealth;
}

/**
 * Provides one connected {@link MessagingClient} to the whole app (inject it by its class) and
 * closes it on shutdown. Pass the same client to `NatsTransportStrategy` to share the connection.
 */
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(MessagingClient) private readonly client: MessagingClient) {}

  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        {
          provide: MessagingClient,
          useFactory: async () => {
            const client = await connectMessaging(options.config, {
              name: options.name,
              logger: options.logger,
              ...(options.health ? { health: options.health } : {}),
            });
            if (options.streams !== false) await client.ensureStreams(options.streams);
            return client;
          },
        },
      ],
      exports: [MessagingClient],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
