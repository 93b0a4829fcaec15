import { DomainError } from '@strata/shared-domain';
import type { JobView } from './job-view';

/** An Idempotency-Key used again with another request body. The API answers 409. */
export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super('idempotency_key_reused', 'this Idempotency-Key was used with a different request');
  }
}

/**
 * The Idempotency-Key rule, in one place for the gateway (which answers a replay without asking
 * the orchestrator when the read model already has the job) and the orchestrator (which sees
 * duplicates sent at the same time): a create whose job id exists is the same request again when
 * it comes from the same tenant with the same request hash; anything else reuses the key.
 */
export function isReplayOf(existing: Pick<JobView, 'tenant_id' | 'internal'>, request: { tenantId: string; requestHash?: string | undefined }): boolean {
  return existing.tenant_id === request.tenantId && request.requestHash !== undefined && existing.internal.request_hash === request.requestHash;
}
