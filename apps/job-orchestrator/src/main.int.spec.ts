import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { subjects } from '@strata/contracts';
import { openServiceFixture, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { freePort, runTypeScript, type RunningProcess } from '@strata/testing';

describe('job-orchestrator app (its own process)', () => {
  let fixture: ServiceFixture;
  let collector: Server;
  let endpoint: string;
  const exported: string[] = [];
  let app: RunningProcess | undefined;

  beforeAll(async () => {
    fixture = await openServiceFixture('orchapp');
    const port = await freePort();
    // Stands in for an OpenTelemetry collector: keeps the bodies of OTLP/HTTP trace exports.
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (req.url === '/v1/traces') exported.push(body);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ready) => collector.listen(port, '127.0.0.1', ready));
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.kill();
    await new Promise((closed) => collector.close(closed));
    await fixture?.close();
  });

  it('answers a create, and on SIGTERM drains, flushes the spans it still holds, and exits 0', async () => {
    app = runTypeScript({
      name: 'job-orchestrator app',
      file: resolve(__dirname, 'main.ts'),
      env: {
        ...serviceEnv(fixture),
        STRATA_EVENT_STORE: `sqlite:${fixture.dbPath}`,
        LOG_LEVEL: 'info',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        // Spans wait in the batch processor until the process stops: only the flush on exit sends them.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      },
    });
    await app.waitForOutput('job-orchestrator running');
    const reply = await fixture.messaging.request<{ ok: boolean }>(subjects.jobCommand('create'), {
      tenantId: 'acme',
      jobId: 'job-app',
      name: 'app',
      plugins: ['demo'],
      credentialId: 'cred-demo',
      config: {},
      pluginConfigs: { demo: {} },
    });
    expect(reply).toMatchObject({ ok: true });
    expect(exported).toEqual([]);

    expect(await app.stop()).toBe(0);
    expect(exported.join('\n')).toContain('strata-job-orchestrator');
  });
});
