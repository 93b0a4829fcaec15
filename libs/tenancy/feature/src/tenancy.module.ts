import { Module, type DynamicModule } from '@nestjs/common';
import { NOTIFICATION_TRIGGER_SETTING, PLUGIN_CONFIG_DEFAULTS, TENANT_LIMITS, type NotificationTriggerSetting } from '@strata/contracts';
import { PRINCIPAL_RESOLVER } from '@strata/platform-http';
import type { ReadStore } from '@strata/platform-read-store';
import { CREDENTIAL_CATALOG, CREDENTIAL_RESOLVER, CredentialVault } from './credentials/credential-vault';
import { CredentialStore } from './credentials/credential-store';
import { CredentialsController } from './credentials/credentials.controller';
import { CredentialsService } from './credentials/credentials.service';
import { CredentialContextsController } from './credential-contexts/credential-contexts.controller';
import { CredentialContextsService } from './credential-contexts/credential-contexts.service';
import type { SecretKey } from '@strata/platform-secrets';
import { ScanPolicyPluginDefaults } from './settings/scan-policy-plugin-defaults';
import { SettingsController } from './settings/settings.controller';
import { SettingsService } from './settings/settings.service';
import { TENANCY_OPTIONS, type TenancyOptions } from './tenancy-options';
import { StoredTenantLimits } from '@strata/tenancy-limits';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsService } from './tenants/tenants.service';
import { ApiTokensService } from './tokens/api-tokens.service';
import { ApiTokenStore } from './tokens/api-token-store';
import { TokenPrincipalResolver } from './tokens/token-principal-resolver';
import { WhoamiController } from './whoami/whoami.controller';
import { TokensController } from './tokens/tokens.controller';

export interface TenancyModuleOptions {
  readStore: ReadStore;
  /** From `loadSecretKey()`. */
  secretKey: SecretKey;
  clock?: () => Date;
}

@Module({})
export class TenancyModule {
  /**
   * Tenants, API tokens, credentials and settings under `/api/v1/tenants`, plus the ports the rest of the
   * system injects: {@link PRINCIPAL_RESOLVER} (for createHttpApp's auth guard),
   * {@link CREDENTIAL_RESOLVER} (workers), {@link CREDENTIAL_CATALOG} (job API) and
   * `TENANT_LIMITS` (inventory's node limit). Global, so any module of the app can inject them.
   */
  static forRoot({ readStore, secretKey, clock = () => new Date() }: TenancyModuleOptions): DynamicModule {
    const options: TenancyOptions = { readStore, secretKey, clock };
    return {
      module: TenancyModule,
      global: true,
      controllers: [TenantsController, TokensController, WhoamiController, CredentialsController, CredentialContextsController, SettingsController],
      providers: [
        { provide: TENANCY_OPTIONS, useValue: options },
        TenantsService,
        ApiTokenStore,
        ApiTokensService,
        TokenPrincipalResolver,
        CredentialStore,
        CredentialVault,
        CredentialsService,
        CredentialContextsService,
        SettingsService,
        { provide: PRINCIPAL_RESOLVER, useExisting: TokenPrincipalResolver },
        { provide: CREDENTIAL_RESOLVER, useExisting: CredentialVault },
        { provide: CREDENTIAL_CATALOG, useExisting: CredentialVault },
        ScanPolicyPluginDefaults,
        { provide: PLUGIN_CONFIG_DEFAULTS, useExisting: ScanPolicyPluginDefaults },
        { provide: TENANT_LIMITS, useValue: new StoredTenantLimits(readStore) },
        {
          provide: NOTIFICATION_TRIGGER_SETTING,
          useFactory: (settings: SettingsService): NotificationTriggerSetting => ({ set: async (tenantId, mode) => void (await settings.updateGeneral(tenantId, { notification_trigger_mode: mode })) }),
          inject: [SettingsService],
        },
      ],
      exports: [PRINCIPAL_RESOLVER, CREDENTIAL_RESOLVER, CREDENTIAL_CATALOG, PLUGIN_CONFIG_DEFAULTS, TENANT_LIMITS, NOTIFICATION_TRIGGER_SETTING, TokenPrincipalResolver, CredentialVault, CredentialsService, TenantsService],
    };
  }
}
