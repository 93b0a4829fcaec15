import { EVENT_CATALOG, eventEnvelopeSchema, STREAMS, TENANT_SUBJECT_PARAMETER, type EventCatalogEntry } from '@strata/contracts';
import { z } from 'zod';

export interface AsyncApiInfo {
  title?: string;
  /** The API version (the workspace package's). */
  version: string;
}

/** A JSON Schema of the AsyncAPI schema format (draft-07), as zod writes it for what a parse accepts. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return rest;
}

/** The JSON Schema of `data` for one event type (`GET /api/v1/events/types` shows it too). */
export function eventDataJsonSchema(event: EventCatalogEntry): Record<string, unknown> {
  return jsonSchemaOf(event.schema);
}

/** The whole envelope of one event type: the contract's envelope with its `type`, `version` and `data` pinned. */
function envelopeJsonSchema(event: EventCatalogEntry): Record<string, unknown> {
  return jsonSchemaOf(
    eventEnvelopeSchema.extend({
      type: z.literal(event.type),
      version: z.literal(event.version),
      data: event.schema,
    }),
  );
}

const TENANT = TENANT_SUBJECT_PARAMETER.slice(1, -1);

/**
 * The AsyncAPI 3.0 document of the events Strata publishes on NATS, generated from the event
 * catalog and the subject registry: one channel per type (`events.{tenant}.<category>.<Name>`,
 * `tenant` a parameter), one message per type whose payload is the envelope with that type's
 * `data` schema, one `send` operation per channel (Strata sends; a subscriber receives).
 */
export function buildAsyncApiDocument(info: AsyncApiInfo, catalog: readonly EventCatalogEntry[] = EVENT_CATALOG): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const event of catalog) {
    messages[event.type] = {
      name: event.type,
      title: event.name,
      summary: event.description,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: { 'Nats-Msg-Id': { type: 'string', description: 'The event id: JetStream drops a repeat of it within the stream\'s duplicate window' } },
      },
      payload: envelopeJsonSchema(event),
    };
    channels[event.type] = {
      address: event.subject,
      title: event.type,
      description: `${event.description} Stream ${STREAMS.events.name}.`,
      parameters: { [TENANT]: { description: 'The tenant id the event belongs to (the envelope\'s tenant_id)' } },
      messages: { [event.name]: { $ref: `#/components/messages/${event.type}` } },
    };
    operations[`send.${event.type}`] = {
      action: 'send',
      title: `Publish ${event.type}`,
      channel: { $ref: `#/channels/${event.type}` },
      messages: [{ $ref: `#/channels/${event.type}/messages/${event.name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: info.title ?? 'Strata events',
      version: info.version,
      description:
        `Every event Strata publishes on NATS JetStream, in the ${STREAMS.events.name} stream (subjects \`${STREAMS.events.subjects.join(', ')}\`). ` +
        'Each message is one envelope (`id`, `type`, `tenant_id`, `time`, `version`, `data`), the same as a webhook body and an item of ' +
        '`GET /api/v1/tenants/{tenantID}/events`. With an installation namespace (`STRATA_NS`), every address is prefixed with `<ns>.` ' +
        'and the stream is named `<ns>_EVENTS`. Internal services subscribe with a durable consumer of their own.',
    },
    defaultContentType: 'application/json',
    servers: {
      nats: { host: 'localhost:4222', protocol: 'nats', description: 'The NATS server of the installation (NATS_URL)' },
    },
    channels,
    operations,
    components: { messages },
  };
}
