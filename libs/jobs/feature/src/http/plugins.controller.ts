import { Controller, Get, Inject } from '@nestjs/common';
import { PLUGIN_CATALOG, pluginInfoSchema, pluginListSchema, type PluginCatalog } from '@strata/contracts';
import { answerUnpagedList, ApiRoute, listOrEnvelopeSchema, unpagedListQuerySchema, ZodQuery, type UnpagedListQuery } from '@strata/platform-http';

@Controller('api/v1/plugins')
export class PluginsController {
  constructor(@Inject(PLUGIN_CATALOG) private readonly plugins: PluginCatalog) {}

  @Get()
  @ApiRoute({
    summary: 'List discovery plugins',
    description: 'Every documented provider, with `available: false` for those this build does not ship yet. `envelope=true`: in the cursor envelope (one page unless `limit` is given).',
    tags: ['jobs'],
    operationId: 'listPlugins',
    responses: { 200: listOrEnvelopeSchema(pluginListSchema, pluginInfoSchema, 'PluginListEnvelope') },
  })
  list(@ZodQuery(unpagedListQuerySchema) query: UnpagedListQuery) {
    return answerUnpagedList(query, { id: 'plugins', own: () => ({ items: this.plugins.list() }), items: (own) => own.items, keyOf: (plugin) => plugin.id });
  }
}
