import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import {
  createdWebhookSchema,
  createWebhookRequestSchema,
  listWebhooksQuerySchema,
  patchWebhookRequestSchema,
  webhookIdSchema,
  webhookListSchema,
  webhookSchema,
  webhookTestResultSchema,
  type CreatedWebhookView,
  type CreateWebhookRequest,
  type ListWebhooksQuery,
  type PatchWebhookRequest,
  type WebhookList,
  type WebhookTestResult,
  type WebhookView,
} from './webhook.schemas';
import { WebhooksService } from './webhooks.service';

const NO_SECRET = 'The secret is never returned (has_secret, secret_last4 instead).';
const URL_POLICY =
  'The URL must be http(s), without credentials, naming a public host: loopback, private, link-local (169.254.169.254), ' +
  'unspecified and reserved addresses are refused (400 `webhook_url_refused` with the reason; `STRATA_WEBHOOK_ALLOW_PRIVATE=true` lets loopback and private networks through).';

@Controller('api/v1/tenants/:tenantID/webhooks')
export class WebhooksController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermissions(Permissions.webhooksWrite)
  @ApiRoute({
    summary: 'Create a webhook',
    description: `The secret (given, or generated when absent) is encrypted at rest and returned in this answer only, as \`secret\`. ${URL_POLICY} Unknown event types are a 400 naming the known ones.`,
    tags: ['webhooks'],
    operationId: 'createWebhook',
    responses: { 201: createdWebhookSchema },
    errors: [400, 401, 403],
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createWebhookRequestSchema) request: CreateWebhookRequest): Promise<CreatedWebhookView> {
    return this.webhooks.create(tenantId, request);
  }

  @Get()
  @RequirePermissions(Permissions.webhooksRead)
  @ApiRoute({ summary: 'List webhooks', description: `Oldest first. ${NO_SECRET}`, tags: ['webhooks'], operationId: 'listWebhooks', responses: { 200: webhookListSchema }, errors: [400, 401, 403] })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listWebhooksQuerySchema)) query: ListWebhooksQuery): Promise<WebhookList> {
    return this.webhooks.list(tenantId, query);
  }

  @Get(':webhookID')
  @RequirePermissions(Permissions.webhooksRead)
  @ApiRoute({ summary: 'Get a webhook', description: NO_SECRET, tags: ['webhooks'], operationId: 'getWebhook', responses: { 200: webhookSchema }, errors: [401, 403, 404] })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('webhookID', webhookIdSchema) webhookId: string): Promise<WebhookView> {
    return this.webhooks.get(tenantId, webhookId);
  }

  @Patch(':webhookID')
  @RequirePermissions(Permissions.webhooksWrite)
  @ApiRoute({
    summary: 'Change a webhook',
    description: `Any of url, events, is_active, description (null removes it) and secret (rotation: the new one signs from now on). ${URL_POLICY} ${NO_SECRET}`,
    tags: ['webhooks'],
    operationId: 'patchWebhook',
    responses: { 200: webhookSchema },
    errors: [400, 401, 403, 404],
  })
  patch(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('webhookID', webhookIdSchema) webhookId: string,
    @ZodBody(patchWebhookRequestSchema) patch: PatchWebhookRequest,
  ): Promise<WebhookView> {
    return this.webhooks.patch(tenantId, webhookId, patch);
  }

  @Delete(':webhookID')
  @HttpCode(204)
  @RequirePermissions(Permissions.webhooksWrite)
  @ApiRoute({ summary: 'Delete a webhook', tags: ['webhooks'], operationId: 'deleteWebhook', responses: { 204: null }, errors: [401, 403, 404] })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('webhookID', webhookIdSchema) webhookId: string): Promise<void> {
    await this.webhooks.delete(tenantId, webhookId);
  }

  @Post(':webhookID/test')
  @HttpCode(200)
  @RequirePermissions(Permissions.webhooksWrite)
  @ApiRoute({
    summary: 'Send a test delivery',
    description:
      'POSTs a signed `webhook.test` event (X-Strata-Event, X-Strata-Timestamp, X-Strata-Delivery, X-Strata-Signature) to the URL now, active or not, ' +
      'through the SSRF-checked dispatcher (every connection and redirect), within 10 s, and answers how it went. A refusal, a timeout or a non-2xx is `delivered: false` with the reason, not an error.',
    tags: ['webhooks'],
    operationId: 'testWebhook',
    responses: { 200: webhookTestResultSchema },
    errors: [401, 403, 404],
  })
  test(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('webhookID', webhookIdSchema) webhookId: string): Promise<WebhookTestResult> {
    return this.webhooks.test(tenantId, webhookId);
  }
}
