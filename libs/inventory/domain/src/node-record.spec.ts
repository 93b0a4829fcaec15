import type { ResourceNode } from '@strata/contracts';
import { canonicalJson } from '@strata/shared-domain';
import { contentHash } from './content-hash';
import { observeNode, removeNode } from './node-record';

const node: ResourceNode = { id: 'n1', type: 'aws.ec2.instance', provider: 'aws', name: 'web', tags: { env: 'prod' }, attributes: { state: 'running' } };
const seen = (jobId: string, at = '2026-11-22T10:00:00.000Z') => ({ jobId, scope: 'aws:123', at });

describe('content hash', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(contentHash({ ...node, tags: { env: 'prod' }, attributes: { state: 'running' } })).toBe(contentHash(node));
  });

  it('changes with the content', () => {
    expect(contentHash({ ...node, attributes: { state: 'stopped' } })).not.toBe(contentHash(node));
  });
});

describe('observeNode', () => {
  const first = observeNode(undefined, node, seen('job-1'));

  it('creates an unknown node', () => {
    expect(first.change).toBe('created');
    expect(first.record).toMatchObject({ status: 'active', first_seen_job: 'job-1', last_seen_job: 'job-1', last_changed_job: 'job-1' });
  });

  it('tells unchanged from updated by content', () => {
    const same = observeNode(first.record, node, seen('job-2', '2026-11-22T11:00:00.000Z'));
    expect(same.change).toBe('unchanged');
    expect(same.record).toMatchObject({ last_seen_job: 'job-2', last_changed_job: 'job-1', last_seen: '2026-11-22T11:00:00.000Z', first_seen: '2026-11-22T10:00:00.000Z' });
    const updated = observeNode(first.record, { ...node, attributes: { state: 'stopped' } }, seen('job-2'));
    expect(updated.change).toBe('updated');
    expect(updated.record.last_changed_job).toBe('job-2');
  });

  it('drops a field the resource no longer has, keeping only the history fields', () => {
    const regional = observeNode(undefined, { ...node, region: 'us-east-1', account: '123' }, seen('job-1'));
    const global = observeNode(regional.record, node, seen('job-2', '2026-11-22T11:00:00.000Z'));
    expect(global.change).toBe('updated');
    expect(global.record).not.toHaveProperty('region');
    expect(global.record).not.toHaveProperty('account');
    expect(global.record).toMatchObject({ first_seen: '2026-11-22T10:00:00.000Z', first_seen_job: 'job-1', last_seen_job: 'job-2' });
  });

  it('restores a removed node', () => {
    const removed = removeNode(first.record, { jobId: 'job-2', at: '2026-11-22T11:00:00.000Z' });
    expect(removed).toMatchObject({ status: 'removed', removed_in_job: 'job-2', removed_at: '2026-11-22T11:00:00.000Z' });
    const back = observeNode(removed, node, seen('job-3'));
    expect(back.change).toBe('restored');
    expect(back.record).toMatchObject({ status: 'active', removed_at: null, removed_in_job: null, last_changed_job: 'job-3' });
  });
});
