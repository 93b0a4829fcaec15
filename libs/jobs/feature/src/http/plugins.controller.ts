import { Controller, Get, Inject } from '@nestjs/common';
import { PLUGIN_CATALOG, pluginListSchema, type PluginCatalog } from '@strata/contracts';
import { ApiRoute } from '@strata/platform-http';

@Controller('api/v1/plugins')
export class PluginsController {
  constructor(@Inject(PLUGIN_CATALOG) private readonly plugins: PluginCatalog) {}

  @Get()
  @ApiRoute({
    summary: 'List discovery plugins',
    description: 'Every documented provider, with `available: false` for those this build does not ship yet.',
    tags: ['jobs'],
    operationId: 'listPlugins',
    responses: { 200: pluginListSchema },
  })
  list() {
    return { items: this.plugins.list() };
  }
}
