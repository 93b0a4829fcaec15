/** `rpc.jobs.create`: the gateway has validated everything and moved inline secrets out. */
export interface CreateJobRpc {
  tenantId: string;
  jobId: string;
  name: string;
  plugins: string[];
  credentialId: string;
  config: Record<string, unknown>;
  pluginConfigs: Record<string, Record<string, unknown>>;
  pluginCredentials?: Record<string, string>;
  requestHash?: string;
}
