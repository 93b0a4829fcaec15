import type { ReadStore } from '@strata/platform-read-store';
import { TenantSettingsReader } from '@strata/tenancy-settings';
import { POLICY_ID, policyCollection } from '../notification-model/notification-collections';
import { DEFAULT_POLICY, type NotificationPolicy } from './decide-notification';

export interface PolicyInEffect extends NotificationPolicy {
  /** The later change of its two parts; null while both hold their defaults. */
  updated_at: string | null;
}

/**
 * A tenant's notification policy as in effect now: the trigger mode from its general settings,
 * the minimum severity from notify's own record. Read fresh each time (no cache), so a change
 * applies to the next job.
 */
export async function readNotificationPolicy(readStore: ReadStore, tenantId: string): Promise<PolicyInEffect> {
  const [general, record] = await Promise.all([
    new TenantSettingsReader(readStore).record(tenantId, 'general'),
    readStore.collection(policyCollection).forTenant(tenantId).get(POLICY_ID),
  ]);
  const times = [general?.updated_at, record?.updated_at].filter((time): time is string => time !== undefined).sort();
  return {
    notification_trigger_mode: general?.values.notification_trigger_mode ?? DEFAULT_POLICY.notification_trigger_mode,
    min_severity: record?.min_severity ?? DEFAULT_POLICY.min_severity,
    updated_at: times.at(-1) ?? null,
  };
}
