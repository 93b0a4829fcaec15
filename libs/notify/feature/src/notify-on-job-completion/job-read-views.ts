import type { JobError, JobStats } from '@strata/contracts';
import { defineCollection } from '@strata/platform-read-store';

/**
 * The jobs' read model (`jobs`, kept by the jobs projection), as the notifier reads it: by id
 * only, declaring no index, so binding it never changes the owner's table or indexes. The notify
 * context may not import the jobs libs: these are the fields of `JobView` it reads.
 */
export interface NotifiedJobView {
  id: string;
  name: string;
  status: string;
  plugins: readonly string[];
  stats?: JobStats;
  error?: JobError;
  estimated_monthly_savings?: number;
  currency?: string;
  started_at?: string;
  completed_at?: string;
}

export const notifiedJobsView = defineCollection<NotifiedJobView>({ name: 'jobs', indexes: {} });

/**
 * The audit's findings (`findings`, written by the audit engine), as the notifier reads them: a
 * job's new findings by `opened_in_job`, declared as the audit declares it (an unordered index),
 * so binding it changes nothing. The fields of `FindingRecord` a notification says.
 */
export interface NotifiedFindingView {
  rule_id: string;
  node_id: string;
  node_type: string;
  node_name: string;
  kind: string;
  severity: string;
  title: string;
  monthly_savings_usd: number | null;
  status: string;
  opened_in_job: string;
}

export const notifiedFindingsView = defineCollection<NotifiedFindingView>({ name: 'findings', indexes: { opened_in_job: 'string' }, ownIndexes: { opened_in_job: 'unordered' } });
