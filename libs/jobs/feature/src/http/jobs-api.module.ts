import { Module } from '@nestjs/common';
import { JobsController } from './jobs.controller';
import { JobsApiService } from './jobs-api.service';
import { PluginsController } from './plugins.controller';

/**
 * The jobs API under `/api/v1/tenants/{tenantID}/jobs` and `/api/v1/plugins`. The app provides
 * what it injects: MessagingClient, READ_STORE, PLUGIN_CATALOG and CREDENTIAL_CATALOG.
 */
@Module({ controllers: [JobsController, PluginsController], providers: [JobsApiService], exports: [JobsApiService] })
export class JobsApiModule {}
