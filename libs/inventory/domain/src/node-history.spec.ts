import type { ResourceNode } from '@strata/contracts';
import { appendHistory, changedFields, nodeHistoryView, type NodeHistoryEntry } from './node-history';

const node: ResourceNode = {
  id: 'i-1',
  type: 'aws.ec2.instance',
  provider: 'aws',
  name: 'web',
  account: '123',
  region: 'eu-west-1',
  tags: { env: 'prod' },
  attributes: { state: 'running', cpu: 2, network: { public: false, ports: [22, 443] } },
};
const entry = (job: string, change: NodeHistoryEntry['change'] = 'updated'): NodeHistoryEntry => ({ change, job_id: job, at: `2026-11-22T10:00:00.000Z`, changed: [] });

describe('changedFields', () => {
  it('names nothing when only key order differs', () => {
    const reordered: ResourceNode = { ...node, attributes: { network: { ports: [22, 443], public: false }, cpu: 2, state: 'running' } };
    expect(changedFields(node, reordered)).toEqual([]);
  });

  it('names changed, added and removed top-level attributes, and changed name, tags, account and region', () => {
    const after: ResourceNode = {
      ...node,
      name: 'web-2',
      region: undefined,
      tags: { env: 'prod', team: 'a' },
      attributes: { state: 'stopped', network: { public: false, ports: [22] }, encrypted: true },
    };
    expect(changedFields(node, after)).toEqual(['attributes.cpu', 'attributes.encrypted', 'attributes.network', 'attributes.state', 'name', 'region', 'tags']);
  });
});

describe('appendHistory', () => {
  it('appends, and ignores a repeat of an entry (same job, change and time)', () => {
    const once = appendHistory(undefined, entry('job-2'));
    expect(once).toEqual({ entries: [entry('job-2')], dropped: 0 });
    expect(appendHistory(once, entry('job-2'))).toBe(once);
    expect(appendHistory(once, entry('job-3', 'removed')).entries.map((e) => e.job_id)).toEqual(['job-2', 'job-3']);
    // The same job again, from a newer observation (its redone run restoring the node again).
    const later = { ...entry('job-2'), at: '2026-12-01T00:00:00.000Z' };
    expect(appendHistory(once, later).entries).toEqual([entry('job-2'), later]);
  });

  it('keeps the newest entries within the limit and counts what it dropped', () => {
    let history = appendHistory(undefined, entry('job-1'), 3);
    for (const job of ['job-2', 'job-3', 'job-4', 'job-5']) history = appendHistory(history, entry(job), 3);
    expect(history.entries.map((e) => e.job_id)).toEqual(['job-3', 'job-4', 'job-5']);
    expect(history.dropped).toBe(2);
  });
});

describe('nodeHistoryView', () => {
  const created = { first_seen: '2026-11-01T00:00:00.000Z', first_seen_job: 'job-0' };

  it('shows the creation of a node that never changed', () => {
    expect(nodeHistoryView(created, undefined)).toEqual({ entries: [{ change: 'created', job_id: 'job-0', at: created.first_seen }], truncated: false });
  });

  it('lists newest first, with the creation last until it is dropped', () => {
    const history = appendHistory(appendHistory(undefined, entry('job-1')), entry('job-2', 'removed'));
    expect(nodeHistoryView(created, history).entries.map((e) => `${e.change}:${e.job_id}`)).toEqual(['removed:job-2', 'updated:job-1', 'created:job-0']);
    const truncated = nodeHistoryView(created, { ...history, dropped: 1 });
    expect(truncated).toMatchObject({ truncated: true });
    expect(truncated.entries.map((e) => e.change)).toEqual(['removed', 'updated']);
  });
});
