import { JobNotFoundError, type JobView } from '@strata/jobs-domain';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { jobsCollection } from '../read-model/jobs-collection';
import { JobReader } from './job-reader';

const job = (id: string, overrides: Partial<JobView> = {}): JobView => ({
  id,
  tenant_id: 'acme',
  name: 'nightly “scan” ✓ \u2028 of prod',
  status: 'failed',
  plugins: ['demo', 'aws'],
  credential_id: 'cred-demo',
  config: { size: 10, ratio: 0.1, big: 1e21, nested: { list: [1, 'two', null] } },
  stats: { nodes_discovered: 96 } as JobView['stats'],
  error: { code: 'connection_refused', message: 'Connection refused: "prod" unreachable' },
  progress: { phase: 'discovering', percent: 33.333333333333336, counts: { discovered: 96 } },
  created_at: '2026-12-05T10:00:00.000Z',
  started_at: '2026-12-05T10:00:01.000Z',
  internal: { plugin_counts: { demo: { discovered: 96 } }, plugins_completed: 1, last_activity_at: '2026-12-05T10:00:02.000Z', request_hash: 'abc', revision: 7 },
  ...overrides,
});

describe('JobReader', () => {
  let store: ReadStore;
  let reader: JobReader;
  const jobs = (tenant = 'acme') => store.collection(jobsCollection).forTenant(tenant);

  beforeEach(() => {
    store = openSqliteReadStore(':memory:');
    reader = new JobReader(store);
  });
  afterEach(() => store.close());

  it('gives a job as the very JSON text Fastify made of get()’s answer, without its internals', async () => {
    await jobs().upsert('job-1', job('job-1'));
    const json = await reader.getJson('acme', 'job-1');
    expect(json).toBe(JSON.stringify(await reader.get('acme', 'job-1')));
    expect(JSON.parse(json)).not.toHaveProperty('internal');
    expect(JSON.parse(json)).toMatchObject({ id: 'job-1', name: job('job-1').name, error: job('job-1').error });
  });

  it('follows every change of the stored job, and reading one job does not answer for another', async () => {
    await jobs().upsert('job-1', job('job-1'));
    await jobs().upsert('job-2', job('job-2', { status: 'running' }));
    const first = await reader.getJson('acme', 'job-1');
    expect(JSON.parse(await reader.getJson('acme', 'job-2'))).toMatchObject({ id: 'job-2', status: 'running' });

    await jobs().upsert('job-1', job('job-1', { status: 'completed', progress: { phase: 'completed', percent: 100, counts: {} } }));
    expect(JSON.parse(await reader.getJson('acme', 'job-1'))).toMatchObject({ status: 'completed', progress: { percent: 100 } });
    // Only the internals changed: the answer is the first one again, whatever was remembered meanwhile.
    await jobs().upsert('job-1', job('job-1', { internal: { ...job('job-1').internal, revision: 8 } }));
    expect(await reader.getJson('acme', 'job-1')).toBe(first);
  });

  it('stays right past the number of jobs it remembers', async () => {
    const ids = Array.from({ length: 1_100 }, (_, i) => `job-${i}`);
    await jobs().bulkUpsert(ids.map((id) => ({ id, doc: job(id) })));
    for (const id of ids) expect(JSON.parse(await reader.getJson('acme', id))).toMatchObject({ id });
    expect(JSON.parse(await reader.getJson('acme', 'job-0'))).toMatchObject({ id: 'job-0' });
  });

  it("answers not found for an unknown job and for another tenant's", async () => {
    await jobs('globex').upsert('job-9', job('job-9', { tenant_id: 'globex' }));
    await expect(reader.getJson('acme', 'job-9')).rejects.toThrow(new JobNotFoundError('tenant acme has no job job-9'));
    await expect(reader.getJson('acme', 'job-nope')).rejects.toBeInstanceOf(JobNotFoundError);
  });
});
