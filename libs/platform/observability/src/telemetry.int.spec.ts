import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import { freePort } from '@strata/testing';
import { otlpEndpointConfigured } from './telemetry';

const root = resolve(__dirname, '../../../..');

/** Runs the fixture the way a service starts: its own process, telemetry before anything else. */
function emitSpan(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'fixtures/emit-span.ts')], {
      cwd: root,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '', ...env },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', fail);
    child.on('exit', (code) => done({ code, stdout }));
  });
}

describe('startTelemetry (in a real process)', () => {
  let server: Server;
  let endpoint: string;
  const received: { path: string; body: string }[] = [];

  beforeAll(async () => {
    const port = await freePort();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((ready) => server.listen(port, '127.0.0.1', ready));
    endpoint = `http://127.0.0.1:${port}`;
  });

  afterAll(() => new Promise((closed) => server.close(closed)));

  it('exports spans over OTLP/HTTP and logs carry the same trace id as the W3C traceparent', async () => {
    const run = await emitSpan({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint });
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, string | boolean>;
    expect(line['exporting']).toBe(true);
    expect(line['traceparent']).toBe(`00-${line['trace_id']}-${line['span_id']}-01`);

    const exported = received.find((r) => r.path === '/v1/traces');
    expect(exported?.body).toContain('strata-telemetry-test');
    expect(exported?.body).toContain('unit-of-work');
    expect(exported?.body).toContain(String(line['trace_id']));
  });

  it('exports nothing without an endpoint, but still gives logs trace ids', async () => {
    const before = received.length;
    const run = await emitSpan({});
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, string | boolean>;
    expect(line['exporting']).toBe(false);
    expect(line['trace_id']).toMatch(/^[0-9a-f]{32}$/);
    expect(received.length).toBe(before);
  });

  it('treats either OTLP endpoint variable as "export"', () => {
    expect(otlpEndpointConfigured({})).toBe(false);
    expect(otlpEndpointConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
  });
});
