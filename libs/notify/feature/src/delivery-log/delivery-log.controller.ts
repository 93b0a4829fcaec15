import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { webhookIdSchema } from '../manage-webhooks/webhook.schemas';
import { deliveryIdSchema, deliveryListSchema, deliverySchema, listDeliveriesQuerySchema, type DeliveryList, type DeliveryView, type ListDeliveriesQuery } from './delivery.schemas';
import { DeliveryLogService } from './delivery-log.service';

@Controller('api/v1/tenants/:tenantID/webhooks/:webhookID/deliveries')
export class DeliveryLogController {
  constructor(@Inject(DeliveryLogService) private readonly log: DeliveryLogService) {}

  @Get()
  @RequirePermissions(Permissions.webhooksRead)
  @ApiRoute({
    summary: "List a webhook's deliveries",
    description:
      'Newest first: each event sent (or to be sent) to the webhook, its status (pending, delivered, failed), the last attempt (status code, latency, error), ' +
      'when the next one is due, and the last 30 attempts. Retries follow exponential backoff with jitter for up to 24 h.',
    tags: ['webhooks'],
    operationId: 'listWebhookDeliveries',
    responses: { 200: deliveryListSchema },
    errors: [400, 401, 403, 404],
  })
  list(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('webhookID', webhookIdSchema) webhookId: string,
    @ZodQuery(acceptingListEnvelope(listDeliveriesQuerySchema)) query: ListDeliveriesQuery,
  ): Promise<DeliveryList> {
    return this.log.list(tenantId, webhookId, query);
  }

  @Post(':deliveryID/redeliver')
  @HttpCode(202)
  @RequirePermissions(Permissions.webhooksWrite)
  @ApiRoute({
    summary: 'Redeliver',
    description:
      'Queues a new attempt of the same body (same X-Strata-Delivery, signed anew) now, whatever the delivery\'s status, with a fresh 24 h of retries. ' +
      'Answers 202 with the delivery, pending; its log shows the attempt once made. An inactive webhook\'s delivery fails at once ("the webhook is inactive").',
    tags: ['webhooks'],
    operationId: 'redeliverWebhookDelivery',
    responses: { 202: deliverySchema },
    errors: [400, 401, 403, 404],
  })
  redeliver(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('webhookID', webhookIdSchema) webhookId: string,
    @ZodParam('deliveryID', deliveryIdSchema) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.log.redeliver(tenantId, webhookId, deliveryId);
  }
}
