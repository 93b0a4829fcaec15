import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { runWithApp } from '@strata/platform-runtime';
import { CredentialsService } from './credentials.service';
import { InlineCredentialJanitor } from './inline-credential-janitor';

/**
 * Deletes ended jobs' inline credentials for the app's lifetime. Needs TenancyModule and
 * MessagingModule; kept apart from TenancyModule, which processes without NATS (workers resolving
 * credentials) also load.
 */
@Module({})
export class InlineCredentialJanitorModule {
  static forRoot(): DynamicModule {
    return {
      module: InlineCredentialJanitorModule,
      providers: [
        {
          provide: InlineCredentialJanitor,
          inject: [MessagingClient, CredentialsService],
          useFactory: (messaging: MessagingClient, credentials: CredentialsService) =>
            new InlineCredentialJanitor({ messaging, credentials, logger: createLogger({ name: 'inline-credential-janitor' }) }),
        },
        runWithApp(InlineCredentialJanitor),
      ],
    };
  }
}
