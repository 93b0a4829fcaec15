import { Module, type DynamicModule } from '@nestjs/common';
import { createLogger } from '@strata/platform-observability';
import { CredentialsService } from './credentials.service';
import { InlineCredentialJanitor } from './inline-credential-janitor';
import { InlineCredentialJanitorConsumer } from './inline-credential-janitor.consumer';

/**
 * Deletes ended jobs' inline credentials for the app's lifetime: a consumer the app's NATS
 * transport serves (`bootService`, `connectNatsTransport`). Needs TenancyModule and
 * MessagingModule; kept apart from TenancyModule, which processes without NATS (workers
 * resolving credentials) also load.
 */
@Module({})
export class InlineCredentialJanitorModule {
  static forRoot(): DynamicModule {
    return {
      module: InlineCredentialJanitorModule,
      controllers: [InlineCredentialJanitorConsumer],
      providers: [
        {
          provide: InlineCredentialJanitor,
          inject: [CredentialsService],
          useFactory: (credentials: CredentialsService) => new InlineCredentialJanitor({ credentials, logger: createLogger({ name: 'inline-credential-janitor' }) }),
        },
      ],
    };
  }
}
