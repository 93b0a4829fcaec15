import { freePort, makeTempDir, startNatsServer, type PrivateNats, type RunningProcess, type TempDir } from '@strata/testing';
import { ApiClient } from './fixtures/api-client';
import { runBuiltApp } from './fixtures/built-app';
import { expectedStats, snapshotOf } from './fixtures/demo-oracle';

const BOOTSTRAP = 'e2e-outage-bootstrap-0123456789';

/** The NATS server dies mid-job and comes back with its store: nothing is lost or counted twice. */
describe('standalone: NATS killed mid-job and restarted', () => {
  let nats: PrivateNats;
  let dir: TempDir;
  let strata: RunningProcess;
  let api: ApiClient;

  beforeAll(async () => {
    nats = await startNatsServer();
    dir = await makeTempDir();
    const port = await freePort();
    strata = runBuiltApp('standalone', {
        NATS_URL: nats.url,
        STRATA_NS: '',
        STRATA_DATA_DIR: dir.path,
        PORT: String(port),
        HOST: '127.0.0.1',
        STRATA_BOOTSTRAP_TOKEN: BOOTSTRAP,
        LOG_LEVEL: 'warn',
        // What was in flight when the server died comes back in seconds rather than 30.
        STRATA_ACK_WAIT_MS: '1500',
        DISCOVERY_ACK_WAIT_MS: '1500',
    });
    await strata.waitForOutput('Strata is running at');
    api = new ApiClient(`http://127.0.0.1:${port}`, BOOTSTRAP);
  });

  afterAll(async () => {
    const exit = await strata.stop();
    await nats.stop();
    await dir.remove();
    expect(exit).toBe(0);
  });

  it('answers reads and refuses new jobs with 503 while NATS is gone, then completes the job with exact stats', async () => {
    const size = 20_000;
    const job = await api.ok('POST', '/api/v1/tenants/demo/jobs', { name: 'outage', plugins: ['demo'], credential_id: 'cred-demo', config: { size, seed: 'outage', delay_ms: 100 } });
    const jobId = String(job['id']);
    await api.untilRunUnderWay('demo', jobId);

    await nats.crash();
    expect(await api.ok('GET', `/api/v1/tenants/demo/jobs/${jobId}`)).toMatchObject({ status: 'running' });
    const refused = await api.call('POST', '/api/v1/tenants/demo/jobs', { name: 'during', plugins: ['demo'], credential_id: 'cred-demo' });
    expect(refused).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
    // Its log is read from NATS: refused too, rather than a stream left waiting.
    expect(await api.call('GET', `/api/v1/tenants/demo/jobs/${jobId}/stream`)).toMatchObject({ status: 503, body: { code: 'service_unavailable' } });
    await nats.restart();

    const done = await api.jobIn('demo', jobId, ['completed', 'failed'], 120_000);
    expect(done).toMatchObject({ status: 'completed', stats: expectedStats(undefined, snapshotOf(size, 'outage')) });
    const log = await api.logOf('demo', jobId);
    expect(String(log.at(-1)!['msg'])).toMatch(/^Job completed in \d+s: /);
  });
});
