import type { JobError } from '@strata/contracts';

/** What the node limit check needs to know about a tenant and a batch. */
export interface NodeLimitCheck {
  jobId: string;
  /** Active nodes the tenant holds now. */
  active: number;
  /** Nodes the batch would make active that are not active now (new or restored). */
  activating: number;
  /** The tenant's license limit on active nodes. */
  limit: number;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The `node_limit_exceeded` error when writing the batch would take the tenant past its limit,
 * saying by how much; undefined when it fits. A batch that activates nothing always fits, even
 * for a tenant already over a limit lowered since: it does not make matters worse.
 */
export function nodeLimitExceeded({ jobId, active, activating, limit }: NodeLimitCheck): JobError | undefined {
  const wouldHold = active + activating;
  if (activating === 0 || wouldHold <= limit) return undefined;
  return {
    code: 'node_limit_exceeded',
    message:
      `job ${jobId} would hold ${count(wouldHold)} active nodes; the tenant's limit is ${count(limit)} ` +
      `(${count(wouldHold - limit)} over). Raise the tenant's max_nodes or reduce the discovery scope.`,
  };
}
