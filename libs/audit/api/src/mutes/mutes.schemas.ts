import { idSchema, printableText, wholeNumberParam } from '@strata/contracts';
import { z } from 'zod';

/*
 * The muting routes' wire shapes: a finding's own mute, mute rules, and seed 001's "handled"
 * resources (mute rules on one node id).
 */

const timestamp = z.iso.datetime().describe('ISO 8601, UTC');

/** An ISO time (UTC `Z` or an offset) after now, stored normalised (`toISOString`) so the store compares it as text. */
const futureTime = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), { message: 'must be in the future' })
  .transform((value) => new Date(value).toISOString());

const reason = printableText(500);

export const muteFindingRequestSchema = z
  .object({
    reason: reason.describe('Why the finding is muted (1-500 characters)'),
    until: futureTime.optional().describe('When the mute ends by itself (ISO 8601, in the future); without: until it is deleted'),
  })
  .strict()
  .meta({ id: 'MuteFindingRequest', examples: [{ reason: 'accepted risk: public website bucket', until: '2027-01-01T00:00:00Z' }] });

export type MuteFindingRequest = z.infer<typeof muteFindingRequestSchema>;

const matchText = (max: number) => z.string().min(1).max(max);
const tagKey = z.string().min(1).max(128);

export const muteMatchSchema = z
  .object({
    rule_id: matchText(100).optional(),
    node_id: matchText(2048).optional(),
    resource_type: matchText(200).optional().describe('The node type, e.g. aws.s3.bucket'),
    account: matchText(200).optional(),
    region: matchText(64).optional(),
    tags: z
      .record(tagKey, z.string().max(256))
      .refine((tags) => Object.keys(tags).length >= 1 && Object.keys(tags).length <= 20, { message: 'between 1 and 20 tags' })
      .optional()
      .describe("Every given tag must be on the finding's node, with this value"),
  })
  .strict()
  .refine((match) => Object.values(match).some((value) => value !== undefined), { message: 'give at least one of rule_id, node_id, resource_type, account, region, tags' })
  .describe('Every given field must match (tags: every given tag)');

export const createMuteRuleRequestSchema = z
  .object({
    match: muteMatchSchema,
    reason: reason.describe('Why (1-500 characters)'),
    expires_at: futureTime.optional().describe('When the rule stops muting (ISO 8601, in the future); without: until it is deleted'),
  })
  .strict()
  .meta({ id: 'CreateMuteRuleRequest', examples: [{ match: { rule_id: 'aws-s3-bucket-public', tags: { env: 'sandbox' } }, reason: 'sandbox buckets are public on purpose' }] });

export type CreateMuteRuleRequest = z.infer<typeof createMuteRuleRequestSchema>;

export const muteRuleIdSchema = idSchema.describe('A mute rule id, e.g. mr-1a2b3c4d5e6f7a8b');

export const muteRuleSchema = z
  .object({
    id: z.string(),
    match: z.object({
      rule_id: z.string().optional(),
      node_id: z.string().optional(),
      resource_type: z.string().optional(),
      account: z.string().optional(),
      region: z.string().optional(),
      tags: z.record(z.string(), z.string()).optional(),
    }),
    reason: z.string(),
    created_by: z.string().nullable().describe('The API token that made it'),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
    handled: z.boolean().describe('Made by POST /findings/{resourceID}/handled'),
  })
  .meta({ id: 'MuteRule' });

export type MuteRuleView = z.infer<typeof muteRuleSchema>;

const pageMetaSchema = z.object({
  limit: z.number().int(),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last'),
  has_more: z.boolean(),
});

export type PageMeta = z.infer<typeof pageMetaSchema>;

export const muteRuleListSchema = z.object({ items: z.array(muteRuleSchema), page: pageMetaSchema }).meta({ id: 'MuteRuleList' });
export type MuteRuleListView = z.infer<typeof muteRuleListSchema>;

export const pageQuerySchema = z
  .object({
    limit: wholeNumberParam({ min: 1, max: 200, fallback: 50 }),
    cursor: z.string().min(1).max(2048).optional().describe('page.next_cursor of the previous page'),
  })
  .strict();

export type PageQuery = z.infer<typeof pageQuerySchema>;

/** A node id (an ARN and the like), URL-encoded in paths. */
export const resourceIdSchema = z.string().min(1).max(2048).describe('The resource (node) id, URL-encoded');

export const markHandledRequestSchema = z
  .object({
    note: printableText(500).optional().describe('Why (becomes the mute rule\'s reason; default "handled")'),
    provider: printableText(100).optional(),
  })
  .strict()
  .meta({ id: 'MarkHandledRequest' });

export type MarkHandledRequest = z.infer<typeof markHandledRequestSchema>;

export const handledResourceSchema = z
  .object({
    resource_id: z.string(),
    note: z.string().describe('The mute rule\'s reason: the note given, else "handled"'),
    provider: z.string().nullable(),
    handled_at: timestamp,
    mute_rule_id: z.string().describe('The mute rule standing for it: DELETE /mute-rules/{id} un-handles it'),
  })
  .meta({ id: 'HandledResource' });

export type HandledResourceView = z.infer<typeof handledResourceSchema>;

export const handledResourceListSchema = z.object({ items: z.array(handledResourceSchema), page: pageMetaSchema }).meta({ id: 'HandledResourceList' });
export type HandledResourceListView = z.infer<typeof handledResourceListSchema>;
