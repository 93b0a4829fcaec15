import { z } from 'zod';
import { channelIdSchema, channelInputSchema } from '../manage-channels/channel.schemas';
import { CHANNEL_METHODS } from '../notification-model/notification-collections';

export const testChannelRequestSchema = z
  .union([z.object({ channel_id: channelIdSchema }).strict(), channelInputSchema])
  .meta({
    id: 'TestNotificationChannelRequest',
    description: 'A saved channel (`channel_id`) or an inline channel, as created',
    examples: [{ channel_id: 'ch-3f2a9c1d0b7e6a55' }, { method: 'email', config: { to: ['ops@example.com'] } }],
  });

export type TestChannelRequest = z.infer<typeof testChannelRequestSchema>;

export const testChannelResultSchema = z
  .object({
    delivered: z.boolean().describe('The SMTP server accepted the message, or the receiver answered 2xx'),
    method: z.enum(CHANNEL_METHODS),
    channel_id: z.string().nullable().describe('null for an inline channel'),
    status_code: z.number().int().nullable().describe('The receiver\'s HTTP status (or the SMTP reply code of a refusal); null when none came'),
    latency_ms: z.number().int(),
    error: z.string().nullable().describe('Why it was not delivered; never contains a secret'),
  })
  .meta({ id: 'TestNotificationChannelResult' });

export type TestChannelResult = z.infer<typeof testChannelResultSchema>;
