import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import {
  channelIdSchema,
  channelInputSchema,
  channelListSchema,
  channelSchema,
  listChannelsQuerySchema,
  patchChannelRequestSchema,
  type ChannelInput,
  type ChannelList,
  type ChannelView,
  type ListChannelsQuery,
  type PatchChannelRequest,
} from './channel.schemas';
import { ChannelsService } from './channels.service';

const NO_SECRET = 'Secrets are never returned: a Slack URL shows as `webhook_url_hint`, a webhook channel\'s secret as `has_secret` and `secret_last4`.';
const URL_POLICY =
  'Slack and webhook URLs must be http(s), without credentials, naming a public host (400 `channel_url_refused` with the reason; `STRATA_WEBHOOK_ALLOW_PRIVATE=true` lets loopback and private networks through).';

@Controller('api/v1/tenants/:tenantID/notifications/channels')
export class ChannelsController {
  constructor(@Inject(ChannelsService) private readonly channels: ChannelsService) {}

  @Get()
  @RequirePermissions(Permissions.notificationsRead)
  @ApiRoute({ summary: 'List notification channels', description: `Oldest first. ${NO_SECRET}`, tags: ['notifications'], operationId: 'listNotificationChannels', responses: { 200: channelListSchema }, errors: [400, 401, 403] })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listChannelsQuerySchema)) query: ListChannelsQuery): Promise<ChannelList> {
    return this.channels.list(tenantId, query);
  }

  @Post()
  @RequirePermissions(Permissions.notificationsWrite)
  @ApiRoute({
    summary: 'Create a notification channel',
    description: `\`method\` email (\`config.to\`: recipients), slack (\`config.webhook_url\`: an incoming webhook, sealed at rest) or webhook (\`config.url\`, optional \`config.secret\` to sign with). ${URL_POLICY} ${NO_SECRET}`,
    tags: ['notifications'],
    operationId: 'createNotificationChannel',
    responses: { 201: channelSchema },
    errors: [400, 401, 403],
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(channelInputSchema) input: ChannelInput): Promise<ChannelView> {
    return this.channels.create(tenantId, input);
  }

  @Patch(':channelID')
  @RequirePermissions(Permissions.notificationsWrite)
  @ApiRoute({
    summary: 'Change a notification channel',
    description: `Any of name, enabled and config (the whole config of the channel's method; a webhook channel keeps its secret unless config.secret is given, or null to remove it). ${URL_POLICY} ${NO_SECRET}`,
    tags: ['notifications'],
    operationId: 'patchNotificationChannel',
    responses: { 200: channelSchema },
    errors: [400, 401, 403, 404],
  })
  patch(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('channelID', channelIdSchema) channelId: string, @ZodBody(patchChannelRequestSchema) patch: PatchChannelRequest): Promise<ChannelView> {
    return this.channels.patch(tenantId, channelId, patch);
  }

  @Delete(':channelID')
  @HttpCode(204)
  @RequirePermissions(Permissions.notificationsWrite)
  @ApiRoute({ summary: 'Delete a notification channel', tags: ['notifications'], operationId: 'deleteNotificationChannel', responses: { 204: null }, errors: [401, 403, 404] })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('channelID', channelIdSchema) channelId: string): Promise<void> {
    await this.channels.delete(tenantId, channelId);
  }
}
