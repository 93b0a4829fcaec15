import { z } from 'zod';

export const eventTypeSchema = z
  .object({
    type: z.string().describe('`<category>.<Name>`, the envelope\'s `type`'),
    category: z.string(),
    description: z.string(),
    version: z.number().int().describe('The schema version of `data` (the envelope\'s `version`)'),
    subject: z.string().describe('The NATS subject it is published on (`events.{tenant}.<category>.<Name>`, before the installation namespace)'),
    schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the envelope\'s `data`'),
  })
  .meta({ id: 'EventType' });

export const eventTypeListSchema = z.object({ items: z.array(eventTypeSchema) }).meta({ id: 'EventTypeList' });

export type EventTypeList = z.infer<typeof eventTypeListSchema>;
