import { PassThrough } from 'node:stream';
import type { ApiClient } from './api-client';
import { checkEnded, checkFailOn, formatCounts, severitiesAtOrAbove, watchJob, type JobLike } from './job-watch';

/** A client answering GETs of the job from a script of states, and recording other calls. */
function scripted(states: JobLike[], findings: { items: unknown[]; total: number } = { items: [], total: 0 }) {
  const calls: Array<{ path: string; query: unknown }> = [];
  let next = 0;
  const client = {
    call: async (_method: string, path: string, options?: { query?: unknown }) => {
      calls.push({ path, query: options?.query });
      if (path.endsWith('/findings')) return findings;
      return states[Math.min(next++, states.length - 1)];
    },
  } as unknown as ApiClient;
  return { client, calls };
}

const state = (status: string, phase: string, percent: number, counts: Record<string, number> = {}): JobLike => ({ id: 'job-1', status, progress: { phase, percent, counts } });

describe('following a job', () => {
  it('without a terminal, prints one line per phase, and answers the ended job', async () => {
    const { client } = scripted([
      state('pending', 'pending', 0),
      state('running', 'discovering', 10, { vpcs: 2 }),
      state('running', 'discovering', 50, { vpcs: 4, subnets: 12 }),
      state('running', 'auditing', 95, { vpcs: 4, subnets: 12 }),
      state('completed', 'completed', 100, { vpcs: 4, subnets: 12 }),
    ]);
    const stream = new PassThrough();
    let printed = '';
    stream.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const job = await watchJob(client, 'job', { stream, intervalMs: 1 });
    expect(job.status).toBe('completed');
    expect(printed).toBe('pending 0%\ndiscovering 10% vpcs 2\nauditing 95% subnets 12, vpcs 4\ncompleted 100% subnets 12, vpcs 4\n');
  });

  it('counts: largest first, at most four types and how many more', () => {
    expect(formatCounts({ a: 1, b: 5, c: 3, d: 2, e: 9 })).toBe('e 9, b 5, c 3, d 2, +1 types');
    expect(formatCounts(undefined)).toBe('');
  });

  it('a job that did not complete exits 1 with its error', () => {
    expect(() => checkEnded({ id: 'j', status: 'completed' })).not.toThrow();
    expect(() => checkEnded({ id: 'j', status: 'failed', error: { code: 'rate_limited', message: 'slow down' } })).toThrow(
      expect.objectContaining({ exitCode: 1, message: 'Job j failed: rate_limited: slow down' }),
    );
    expect(() => checkEnded({ id: 'j', status: 'cancelled' })).toThrow(expect.objectContaining({ exitCode: 1 }));
  });

  it('--fail-on asks the Findings API for what the job opened at that severity or worse; any is exit 4', async () => {
    expect(severitiesAtOrAbove('high')).toEqual(['critical', 'high']);
    expect(severitiesAtOrAbove('info')).toEqual(['critical', 'high', 'medium', 'low', 'info']);
    const clean = scripted([], { items: [], total: 0 });
    await expect(checkFailOn(clean.client, 't/findings', 'job-1', 'high')).resolves.toBeUndefined();
    expect(clean.calls).toEqual([{ path: 't/findings', query: { job_id: 'job-1', severity: ['critical', 'high'], limit: 1 } }]);
    const dirty = scripted([], { items: [{ severity: 'critical' }], total: 3 });
    await expect(checkFailOn(dirty.client, 't/findings', 'job-1', 'high')).rejects.toMatchObject({ exitCode: 4, message: 'Job job-1 opened 3 findings of severity critical or high' });
  });
});
