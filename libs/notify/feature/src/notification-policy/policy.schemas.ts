import { z } from 'zod';
import { TRIGGER_MODES } from '../notification-model/notification-collections';
import { NOTIFICATION_SEVERITIES } from '../notification-model/notification-severity';

const triggerModeField = z
  .enum(TRIGGER_MODES, { error: `notification_trigger_mode must be one of: ${TRIGGER_MODES.join(', ')}` })
  .describe('scan_complete: every ended job; waste_only: only completed jobs that found new cost waste');
const minSeverityField = z
  .enum(NOTIFICATION_SEVERITIES, { error: `min_severity must be one of: ${NOTIFICATION_SEVERITIES.join(', ')}` })
  .describe('Only new findings of this severity or above are listed (and, in waste_only, can trigger a notification)');

export const patchPolicyRequestSchema = z
  .object({ notification_trigger_mode: triggerModeField.optional(), min_severity: minSeverityField.optional() })
  .strict()
  .meta({ id: 'PatchNotificationPolicyRequest', examples: [{ notification_trigger_mode: 'waste_only', min_severity: 'high' }] });

export type PatchPolicyRequest = z.infer<typeof patchPolicyRequestSchema>;

export const policySchema = z
  .object({
    notification_trigger_mode: z.enum(TRIGGER_MODES),
    min_severity: z.enum(NOTIFICATION_SEVERITIES),
    updated_at: z.iso.datetime().nullable().describe('null: never changed (the defaults)'),
  })
  .meta({ id: 'NotificationPolicy' });

export type PolicyView = z.infer<typeof policySchema>;
