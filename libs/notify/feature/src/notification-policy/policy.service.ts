import { Inject, Injectable } from '@nestjs/common';
import { NOTIFICATION_TRIGGER_SETTING, type NotificationTriggerSetting } from '@strata/contracts';
import { KeyedLock } from '@strata/shared-domain';
import { POLICY_ID, policyCollection } from '../notification-model/notification-collections';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from '../notification-model/notification-options';
import type { PatchPolicyRequest, PolicyView } from './policy.schemas';
import { readNotificationPolicy } from './read-notification-policy';

/** A tenant's notification policy: when a job's end is notified, and from which severity findings are listed. */
@Injectable()
export class PolicyService {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
    @Inject(NOTIFICATION_TRIGGER_SETTING) private readonly triggerSetting: NotificationTriggerSetting,
  ) {}

  get(tenantId: string): Promise<PolicyView> {
    return readNotificationPolicy(this.options.readStore, tenantId);
  }

  /**
   * The trigger mode goes to the tenant's general settings (announced as `SettingsChanged`; a 503
   * with nothing written while NATS is unreachable), the minimum severity to notify's record.
   */
  async patch(tenantId: string, patch: PatchPolicyRequest): Promise<PolicyView> {
    return this.lock.run(tenantId, async () => {
      const current = await this.get(tenantId);
      if (patch.notification_trigger_mode !== undefined && patch.notification_trigger_mode !== current.notification_trigger_mode) {
        await this.triggerSetting.set(tenantId, patch.notification_trigger_mode);
      }
      if (patch.min_severity !== undefined && patch.min_severity !== current.min_severity) {
        await this.options.readStore.collection(policyCollection).forTenant(tenantId).upsert(POLICY_ID, { min_severity: patch.min_severity, updated_at: this.options.clock().toISOString() });
      }
      return this.get(tenantId);
    });
  }
}
