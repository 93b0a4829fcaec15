export { NotifyModule, type NotifyModuleOptions } from './notify.module';
export { WebhooksService } from './manage-webhooks/webhooks.service';
export { webhooksCollection, type WebhookRecord } from './webhooks/webhook-collections';
export { eventMatches, eventPatternProblem, WEBHOOK_EVENT_TYPES, WEBHOOK_TEST_EVENT } from './webhooks/webhook-event-types';
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
} from './manage-webhooks/webhook.schemas';
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
export { NotifierModule, type NotifierModuleOptions } from './notifier.module';
export { DeliveryRecordingModule, type DeliveryRecordingModuleOptions } from './delivery-recording.module';
export { NotifierWiringError } from './notifier-wiring-error';
export { DeliveryWakeup } from './deliveries/delivery-wakeup';
export { notifierSettingsFromEnv, NotifierConfigError, DEFAULT_DELIVERY_SETTINGS, type NotifierSettings } from './notifier-settings';
export { DeliverySender, DELIVERY_SENDER_LOOP, type DeliverySenderSettings } from './send-deliveries/delivery-sender';
export { DeliveryRecorder } from './record-deliveries/delivery-recorder';
export { RECORD_DELIVERIES_DURABLE } from './record-deliveries/record-deliveries.consumer';
export { nextStep, DEFAULT_RETRY_POLICY, RETRY_WINDOW_MS, type RetryPolicy, type NextStep } from './send-deliveries/retry-policy';
export { webhookDeliveriesCollection, deliveryIdFor, type WebhookDeliveryRecord, type DeliveryStatus } from './deliveries/delivery-collections';
export { deliverySchema, deliveryListSchema, type DeliveryView, type DeliveryList } from './delivery-log/delivery.schemas';
export { WEBHOOK_DISABLED } from './send-deliveries/webhook-disabler';
