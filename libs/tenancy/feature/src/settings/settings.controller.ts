import { Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiRoute, Permissions, RequirePermissions, ZodBody, ZodParam } from '@strata/platform-http';
import {
  generalSettingsViewSchema,
  scanPolicyViewSchema,
  updateGeneralSettingsRequestSchema,
  updateScanPolicyRequestSchema,
  type GeneralSettingsView,
  type ScanPolicyView,
  type UpdateGeneralSettingsRequest,
  type UpdateScanPolicyRequest,
} from '@strata/tenancy-settings';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { SettingsService } from './settings.service';

const ANNOUNCED =
  'A change is announced as `SettingsChanged` on `events.<tenant>.settings.SettingsChanged` ({section, changed: [field paths]}); a PATCH that changes no value writes and announces nothing. Needs NATS: 503 while it is unreachable.';

@Controller('api/v1/tenants/:tenantID/settings')
export class SettingsController {
  constructor(@Inject(SettingsService) private readonly settings: SettingsService) {}

  @Get('general')
  @RequirePermissions(Permissions.settingsRead)
  @ApiRoute({
    summary: 'Get general settings',
    description: 'Currency (with the exchange rate amounts are converted with), provider API timeout and notification trigger mode; defaults where nothing was set.',
    tags: ['settings'],
    operationId: 'getGeneralSettings',
    responses: { 200: generalSettingsViewSchema },
  })
  general(@ZodParam('tenantID', tenantIdSchema) tenantId: string): Promise<GeneralSettingsView> {
    return this.settings.general(tenantId);
  }

  @Patch('general')
  @RequirePermissions(Permissions.settingsWrite)
  @ApiRoute({
    summary: 'Change general settings',
    description: `Any of currency, api_timeout_seconds, notification_trigger_mode, report_retention_days; answers with all the settings after the change. ${ANNOUNCED}`,
    tags: ['settings'],
    operationId: 'updateGeneralSettings',
    responses: { 200: generalSettingsViewSchema },
    errors: [503],
  })
  updateGeneral(
    @ZodParam('tenantID', tenantIdSchema) tenantId: string,
    @ZodBody(updateGeneralSettingsRequestSchema) request: UpdateGeneralSettingsRequest,
  ): Promise<GeneralSettingsView> {
    return this.settings.updateGeneral(tenantId, request);
  }

  @Get('scan-policy')
  @RequirePermissions(Permissions.settingsRead)
  @ApiRoute({
    summary: 'Get the scan policy',
    description: 'Global utilisation thresholds and per-provider overrides; a provider uses global for what its override leaves out.',
    tags: ['settings'],
    operationId: 'getScanPolicy',
    responses: { 200: scanPolicyViewSchema },
  })
  scanPolicy(@ZodParam('tenantID', tenantIdSchema) tenantId: string): Promise<ScanPolicyView> {
    return this.settings.scanPolicy(tenantId);
  }

  @Patch('scan-policy')
  @RequirePermissions(Permissions.settingsWrite)
  @ApiRoute({
    summary: 'Change the scan policy',
    description: `A partial deep merge: global fields given replace theirs; each provider (a plugin id of GET /api/v1/plugins) is merged into its override, null removing a field or the whole override. Answers with the whole policy after the change. ${ANNOUNCED}`,
    tags: ['settings'],
    operationId: 'updateScanPolicy',
    responses: { 200: scanPolicyViewSchema },
    errors: [503],
  })
  updateScanPolicy(
    @ZodParam('tenantID', tenantIdSchema) tenantId: string,
    @ZodBody(updateScanPolicyRequestSchema) request: UpdateScanPolicyRequest,
  ): Promise<ScanPolicyView> {
    return this.settings.updateScanPolicy(tenantId, request);
  }
}
