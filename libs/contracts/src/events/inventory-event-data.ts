import { z } from 'zod';

/** Event category of what inventory publishes itself: `events.<tenant>.inventory.<Name>`. */
export const INVENTORY_CATEGORY = 'inventory';

export const SCOPE_CHANGED = 'ScopeChanged';

/** How many changes a `ScopeChanged` event carries at most; the rest are in `GET .../jobs/{id}/changes`. */
export const SCOPE_CHANGED_MAX_CHANGES = 20;

const isoTime = z.string().describe('ISO 8601 UTC');
const changeKind = z.enum(['added', 'changed', 'removed']);

/** One field of a changed node: old → new (absent where the field was or became absent). */
export const fieldChangeSchema = z.object({
  field: z.string().describe('`name`, `type`, `provider`, `account`, `region`, `tags` or `attributes.<key>`'),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
  value_truncated: z.literal(true).optional().describe('A value longer than the cap (1,024 characters of JSON) is that JSON cut short'),
});

/**
 * One change of a job: a node added, changed (with its fields, old → new) or removed, or an edge
 * added or removed. `restored`: added again after it had been removed. The items of
 * `GET /api/v1/tenants/{t}/jobs/{jobID}/changes` and of a `ScopeChanged` event's `changes`.
 */
export const jobChangeItemSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('node'),
      change: changeKind,
      id: z.string(),
      type: z.string(),
      provider: z.string(),
      name: z.string(),
      account: z.string().optional(),
      region: z.string().optional(),
      scope: z.string(),
      at: isoTime.describe('When the change was observed'),
      restored: z.boolean().optional(),
      fields: z.array(fieldChangeSchema).optional().describe('`changed` nodes: the changed fields, sorted, at most 50'),
      fields_total: z.number().int().optional().describe('`changed` nodes: how many fields changed in all'),
      truncated: z.boolean().optional().describe('`changed` nodes: fields or values were left out or cut to stay within the caps'),
    }),
    z.object({
      kind: z.literal('edge'),
      change: z.enum(['added', 'removed']),
      from: z.string(),
      to: z.string(),
      type: z.string(),
      scope: z.string(),
      at: isoTime,
      restored: z.boolean().optional(),
    }),
  ]);
export type JobChangeItem = z.infer<typeof jobChangeItemSchema>;

const counts = z.object({ added: z.number().int().nonnegative(), changed: z.number().int().nonnegative(), removed: z.number().int().nonnegative() });
const edgeCounts = z.object({ added: z.number().int().nonnegative(), removed: z.number().int().nonnegative() });

/**
 * `inventory.ScopeChanged`: what one job changed in one scope, once its reconcile closed it (one
 * event per job and scope, not one per node; zero counts when nothing changed): the counts and the
 * first changes.
 */
export const scopeChangedEventDataSchema = z.object({
  jobId: z.string(),
  scope: z.string(),
  nodes: counts,
  edges: edgeCounts,
  changes: z.array(jobChangeItemSchema).max(SCOPE_CHANGED_MAX_CHANGES).describe(`The first changes (at most ${SCOPE_CHANGED_MAX_CHANGES})`),
  more: z.boolean().describe('More changes than `changes` holds: list them with GET /api/v1/tenants/{t}/jobs/{jobId}/changes'),
});
export type ScopeChangedEventData = z.infer<typeof scopeChangedEventDataSchema>;
