import { Inject, Injectable } from '@nestjs/common';
import { KeyedLock } from '@strata/shared-domain';
import { POLICY_ID, policyCollection, type PolicyRecord } from '../notification-model/notification-collections';
import { NOTIFICATIONS_OPTIONS, type NotificationsOptions } from '../notification-model/notification-options';
import { DEFAULT_POLICY } from './decide-notification';
import type { PatchPolicyRequest, PolicyView } from './policy.schemas';

/** A tenant's notification policy: when a job's end is notified, and from which severity findings are listed. */
@Injectable()
export class PolicyService {
  private readonly lock = new KeyedLock();

  constructor(@Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions) {}

  async get(tenantId: string): Promise<PolicyView> {
    const record = await this.records(tenantId).get(POLICY_ID);
    return record ? { notification_trigger_mode: record.notification_trigger_mode, min_severity: record.min_severity, updated_at: record.updated_at } : { ...DEFAULT_POLICY, updated_at: null };
  }

  async patch(tenantId: string, patch: PatchPolicyRequest): Promise<PolicyView> {
    return this.lock.run(tenantId, async () => {
      const current = await this.get(tenantId);
      const record: PolicyRecord = {
        notification_trigger_mode: patch.notification_trigger_mode ?? current.notification_trigger_mode,
        min_severity: patch.min_severity ?? current.min_severity,
        updated_at: this.options.clock().toISOString(),
      };
      await this.records(tenantId).upsert(POLICY_ID, record);
      return { ...record };
    });
  }

  private records(tenantId: string) {
    return this.options.readStore.collection(policyCollection).forTenant(tenantId);
  }
}
