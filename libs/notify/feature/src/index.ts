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
export {
  NotificationsApiModule,
  NotifyOnJobCompletionModule,
  NOTIFY_MAX_DELIVER,
  NOTIFY_REDELIVERY_BACKOFF,
  type NotificationsModuleOptions,
  type NotifyOnJobCompletionModuleOptions,
} from './notifications.module';
export { notificationSettingsFromEnv, type NotificationSettings, SMTP_URL_ENV, SMTP_FROM_ENV, PUBLIC_URL_ENV } from './notification-model/notification-settings';
export { NOTIFICATION_SEVERITIES, NOTIFICATION_SEVERITY_RANK } from './notification-model/notification-severity';
export { channelsCollection, channelDeliveriesCollection, policyCollection, type ChannelRecord, type ChannelDeliveryRecord } from './notification-model/notification-collections';
export { JobCompletionNotifier, JOB_COMPLETED_DURABLE, JOB_FAILED_DURABLE } from './notify-on-job-completion/job-completion-notifier';
