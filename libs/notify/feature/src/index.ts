export { NotifyModule, type NotifyModuleOptions } from './notify.module';
export { WebhooksService } from './webhooks.service';
export { webhooksCollection, type WebhookRecord } from './webhook-collections';
export { eventMatches, eventPatternProblem, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from './webhook-event-types';
export {
  createdWebhookSchema,
  createWebhookRequestSchema,
  patchWebhookRequestSchema,
  webhookListSchema,
  webhookSchema,
  webhookTestResultSchema,
  type CreatedWebhookView,
  type CreateWebhookRequest,
  type PatchWebhookRequest,
  type WebhookTestResult,
  type WebhookView,
} from './webhook.schemas';
