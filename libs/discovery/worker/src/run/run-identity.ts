/** Which run a message belongs to; every msgId of the run is derived from it. */
export interface RunIdentity {
  tenantId: string;
  jobId: string;
  plugin: string;
  /** The work item's delivery count: 1 for the first attempt. */
  attempt: number;
}

/** `<jobId>:<plugin>:<attempt>:<what>`: the same message of a retried publish gets the same id. */
export const runMsgId = (run: RunIdentity, what: string): string => `${run.jobId}:${run.plugin}:${run.attempt}:${what}`;
