export { DEFAULT_NATS_URL, messagingConfigFromEnv, type MessagingConfig } from './config/messaging-config';
export { MessagingNamespace } from './namespace/messaging-namespace';
export * from './errors';
export type { PayloadSchema } from './codec/json-codec';
export { connectMessaging, MessagingClient, type ConnectMessagingOptions } from './messaging-client';
export { DEFAULT_STREAM_SETTINGS, type StreamSettings, type StreamSettingsOverrides } from './streams/stream-definitions';
export type { StreamSetupOptions, StreamSetupResult } from './streams/ensure-streams';
export type { PublishAck, PublishOptions } from './publishing/publish';
export { DEFAULT_REQUEST_TIMEOUT_MS, type RequestOptions } from './request-reply/request';
export { DEFAULT_QUEUE_GROUP, type IncomingRequest, type RequestHandler, type Responder, type ServeOptions } from './request-reply/serve';
export {
  DurableConsumer,
  type ConsumedMessage,
  type DurableConsumerOptions,
  type MessageHandler,
} from './consumer/durable-consumer';
export { DEFAULT_REDELIVERY_BACKOFF, type RedeliveryBackoff } from './consumer/delivery-timing';
export type { ConsumerBacklog } from './consumer/consumer-backlog';
export { NatsTransportStrategy, type NatsTransportOptions } from './nest/nats-transport-strategy';
export { JetStreamConsumer, type JetStreamConsumerOptions, type JetStreamConsumerTuning } from './nest/jetstream-consumer.decorator';
export { NatsExceptionFilter } from './nest/nats-exception.filter';
export { NatsMessageContext, type NatsMessageDetails } from './nest/nats-message-context';
export { MessagingModule, type MessagingModuleOptions } from './nest/messaging.module';
export type { FollowedMessage, FollowOptions } from './replay/follow-subject';
