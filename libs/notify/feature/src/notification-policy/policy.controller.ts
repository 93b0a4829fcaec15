import { Controller, Get, Inject, Patch } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import { patchPolicyRequestSchema, policySchema, type PatchPolicyRequest, type PolicyView } from './policy.schemas';
import { PolicyService } from './policy.service';

@Controller('api/v1/tenants/:tenantID/notifications/policy')
export class PolicyController {
  constructor(@Inject(PolicyService) private readonly policy: PolicyService) {}

  @Get()
  @RequirePermissions(Permissions.notificationsRead)
  @ApiRoute({
    summary: 'Get the notification policy',
    description: 'When a job\'s end is notified (`notification_trigger_mode`) and from which severity new findings are listed (`min_severity`). Defaults: scan_complete, info.',
    tags: ['notifications'],
    operationId: 'getNotificationPolicy',
    responses: { 200: policySchema },
    errors: [401, 403],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string): Promise<PolicyView> {
    return this.policy.get(tenantId);
  }

  @Patch()
  @RequirePermissions(Permissions.notificationsWrite)
  @ApiRoute({
    summary: 'Change the notification policy',
    description:
      '`notification_trigger_mode`: `scan_complete` (every completed or failed job) or `waste_only` (only a completed job with a new, unmuted cost finding at or above `min_severity` whose savings are positive or unknown); ' +
      '`min_severity`: critical, high, medium, low or info. Anything else is a 400 naming the allowed values.',
    tags: ['notifications'],
    operationId: 'patchNotificationPolicy',
    responses: { 200: policySchema },
    errors: [400, 401, 403],
  })
  patch(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(patchPolicyRequestSchema) patch: PatchPolicyRequest): Promise<PolicyView> {
    return this.policy.patch(tenantId, patch);
  }
}
