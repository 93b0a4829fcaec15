/** `rpc.jobs.cancel`. */
export interface CancelJobRpc {
  tenantId: string;
  jobId: string;
}
