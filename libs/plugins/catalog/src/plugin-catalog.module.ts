import { Module, type DynamicModule } from '@nestjs/common';
import { PLUGIN_CATALOG } from '@strata/contracts';
import { BuiltInPluginCatalog } from './plugin-catalog';

/** Provides this build's plugin catalog under `PLUGIN_CATALOG`, to the whole app (the jobs and schedules APIs, the scheduler's job creation). */
@Module({})
export class PluginCatalogModule {
  static forRoot(): DynamicModule {
    return { module: PluginCatalogModule, global: true, providers: [{ provide: PLUGIN_CATALOG, useValue: new BuiltInPluginCatalog() }], exports: [PLUGIN_CATALOG] };
  }
}
