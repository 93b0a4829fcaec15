export { TenancyModule, type TenancyModuleOptions } from './tenancy.module';
export {
  CREDENTIAL_CATALOG,
  CREDENTIAL_RESOLVER,
  CredentialVault,
  credentialResolverFor,
  StoredCredentialResolver,
  type CredentialCatalog,
  type CredentialSummary,
} from './credentials/credential-vault';
export { CREDENTIAL_SECRET_SCHEMAS } from './credentials/credential-secrets';
export {
  createCredentialRequestSchema,
  credentialSchema,
  SECRET_MASK,
  type CreateCredentialRequest,
  type CredentialView,
} from './credentials/credential.schemas';
export { TokenPrincipalResolver } from './tokens/token-principal-resolver';
export { TenantsService } from './tenants/tenants.service';
export { CredentialsService, inlineCredentialId } from './credentials/credentials.service';
export { SettingsService } from './settings/settings.service';
export { InlineCredentialJanitor } from './credentials/inline-credential-janitor';
export { InlineCredentialJanitorModule } from './credentials/inline-credential-janitor.module';
export { tenantIdSchema, tenantSchema, updateTenantRequestSchema, type TenantView, type UpdateTenantRequest } from './tenants/tenant.schemas';
export { StoredTenantLimits, TenantLimitsModule } from '@strata/tenancy-limits';
export { apiTokenSchema, createdApiTokenSchema, createTokenRequestSchema } from './tokens/token.schemas';
// The key and the secret box live in @strata/platform-secrets (the notifier seals webhook secrets
// with them too); re-exported so the apps keep one import for tenancy's setup.
export {
  SecretKey,
  SecretKeyError,
  SECRET_KEY_FILE,
  loadSecretKey,
  parseSecretKey,
  SecretDecryptionError,
  SecretKeyMismatchError,
  type LoadSecretKeyOptions,
  type LoadedSecretKey,
  type SealedSecret,
} from '@strata/platform-secrets';
export {
  BootstrapTokenError,
  ensureBootstrapToken,
  type BootstrapOutcome,
  type EnsureBootstrapTokenOptions,
} from './bootstrap/ensure-bootstrap-token';
