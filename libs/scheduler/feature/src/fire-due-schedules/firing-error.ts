import type { CredentialCatalog, ScheduleFiringError, ScheduleJobTemplate } from '@strata/contracts';
import { HttpApiError } from '@strata/platform-http';
import { DomainError } from '@strata/shared-domain';

/** Codes a failed firing records in `last_error.code`. */
export const FIRING_ERROR_CODES = {
  /** The job template's credential was deleted (or is not the tenant's any more). */
  credentialNotFound: 'credential_not_found',
  /** A plugin of the template is unknown or not available in this build. */
  pluginUnavailable: 'plugin_unavailable',
  /** The job request the template makes was refused for another reason (its config, the credential's kind). */
  invalidJobRequest: 'invalid_job_request',
} as const;

/**
 * What a refused job creation means for a firing: a {@link ScheduleFiringError} to record when it
 * would be refused again however often it is retried (the template no longer makes a valid job),
 * or undefined when it may succeed later (the orchestrator did not answer, the bus is down, a store
 * failed): then the due time is left unsettled and the next pass tries again.
 */
export async function permanentFiringError(error: unknown, tenantId: string, template: ScheduleJobTemplate, credentials: CredentialCatalog): Promise<ScheduleFiringError | undefined> {
  if (error instanceof HttpApiError && error.status === 400) {
    if (!(await credentials.get(tenantId, template.credentialId))) {
      return { code: FIRING_ERROR_CODES.credentialNotFound, message: `credential "${template.credentialId}" no longer exists` };
    }
    const details = error.details ?? [];
    const pluginProblems = details.filter((detail) => detail.path === 'plugins' || detail.path.startsWith('plugins.'));
    if (pluginProblems.length > 0) return { code: FIRING_ERROR_CODES.pluginUnavailable, message: pluginProblems.map((detail) => detail.message).join('; ') };
    const text = details.length > 0 ? details.map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message)).join('; ') : error.message;
    return { code: FIRING_ERROR_CODES.invalidJobRequest, message: text };
  }
  // A rule of the jobs context said no (an Idempotency-Key reused with another body, ...): as final.
  if (error instanceof DomainError) return { code: error.code, message: error.message };
  return undefined;
}
