import { changeRecordItem, jobChangeId, jobChangeRange, mergeChanges, type JobChangeRecord } from './job-change';
import { summarizeChanges, hasChanges } from './change-summary';

const node = { id: 'i-1', type: 'aws.ec2.instance', provider: 'aws', name: 'web' };
const changed = (fields: JobChangeRecord['diff'], at = '2026-11-22T10:00:00.000Z'): JobChangeRecord => ({ job_id: 'job-2', scope: 's', change: 'changed', at, node, diff: fields });

describe('job change records', () => {
  it('are ids within their job range, nodes and edges apart', () => {
    const range = jobChangeRange('job-2');
    for (const id of [jobChangeId({ job_id: 'job-2', node }), jobChangeId({ job_id: 'job-2', edge: { from: 'a', to: 'b', type: 'uses' } })]) {
      expect(id >= range.$gte && id < range.$lt).toBe(true);
    }
    for (const other of ['job-20', 'job-2x', 'job-1', 'job-3']) {
      const id = jobChangeId({ job_id: other, node });
      expect(id >= range.$gte && id < range.$lt).toBe(false);
    }
  });

  it('merge two changes of one job from the first old value to the last new one, dropping fields changed back', () => {
    const first = changed({ fields: [{ field: 'attributes.state', old: 'running', new: 'stopped' }, { field: 'name', old: 'web', new: 'web-2' }], total: 2, truncated: false });
    const second = changed({ fields: [{ field: 'attributes.state', old: 'stopped', new: 'terminated' }, { field: 'name', old: 'web-2', new: 'web' }], total: 2, truncated: false }, '2026-11-22T11:00:00.000Z');
    expect(mergeChanges(first, second).diff).toEqual({ fields: [{ field: 'attributes.state', old: 'running', new: 'terminated' }], total: 2, truncated: false });
    expect(mergeChanges(undefined, second)).toBe(second);
    const restored: JobChangeRecord = { job_id: 'job-2', scope: 's', change: 'added', restored: true, at: first.at, node };
    expect(mergeChanges(restored, second)).toMatchObject({ change: 'added', restored: true });
  });

  it('become wire items', () => {
    expect(changeRecordItem(changed({ fields: [{ field: 'name', old: 'a', new: 'b' }], total: 1, truncated: false }))).toEqual({
      kind: 'node',
      change: 'changed',
      ...node,
      scope: 's',
      at: '2026-11-22T10:00:00.000Z',
      fields: [{ field: 'name', old: 'a', new: 'b' }],
      fields_total: 1,
      truncated: false,
    });
    expect(changeRecordItem({ job_id: 'j', scope: 's', change: 'removed', at: 't', edge: { from: 'a', to: 'b', type: 'uses' } })).toEqual({ kind: 'edge', change: 'removed', from: 'a', to: 'b', type: 'uses', scope: 's', at: 't' });
  });
});

describe('summarizeChanges', () => {
  it('counts created nodes and edges and change records per scope, kind and type', () => {
    const summary = summarizeChanges({
      createdNodes: [{ s1: { 'aws.ec2.instance': 2 } }, { s1: { 'aws.ec2.instance': 1, 'aws.s3.bucket': 1 } }, { s2: { 'aws.s3.bucket': 4 } }],
      createdEdges: [{ s1: { uses: 3 } }],
      records: [
        { scope: 's1', change: 'changed', node: { ...node, type: 'aws.s3.bucket' } },
        { scope: 's1', change: 'removed', node },
        { scope: 's1', change: 'removed', edge: { from: 'a', to: 'b', type: 'uses' } },
      ],
    });
    expect(summary).toEqual([
      {
        scope: 's1',
        nodes: { added: 4, changed: 1, removed: 1 },
        edges: { added: 3, removed: 1 },
        by_type: [
          { kind: 'node', type: 'aws.ec2.instance', added: 3, changed: 0, removed: 1 },
          { kind: 'node', type: 'aws.s3.bucket', added: 1, changed: 1, removed: 0 },
          { kind: 'edge', type: 'uses', added: 3, changed: 0, removed: 1 },
        ],
      },
      { scope: 's2', nodes: { added: 4, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 }, by_type: [{ kind: 'node', type: 'aws.s3.bucket', added: 4, changed: 0, removed: 0 }] },
    ]);
    expect(summary.every(hasChanges)).toBe(true);
    expect(hasChanges({ nodes: { added: 0, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 } })).toBe(false);
  });
});
