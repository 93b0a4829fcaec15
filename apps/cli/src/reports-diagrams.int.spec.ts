import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { runInMemory } from './fixtures/test-io';

const PDF = Buffer.from('%PDF-1.7\n% a report\n%%EOF\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>';

interface Seen {
  method: string;
  url: string;
  body: unknown;
  authorization: string | undefined;
}

/**
 * `strata reports` and `strata diagrams` against a stand-in for issue 22's routes, as the issue
 * words them (the real routes are checked by reports-diagrams.e2e.spec.ts once they are merged).
 */
describe('strata reports and diagrams: the requests issue 22 defines, and what is saved', () => {
  let server: Server;
  let url: string;
  let dir: string;
  const seen: Seen[] = [];
  const polls = new Map<string, number>();

  const read = (request: IncomingMessage) =>
    new Promise<string>((done) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => done(text));
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-cli-reports-'));
    server = createServer(async (request, response) => {
      const text = await read(request);
      seen.push({ method: request.method!, url: request.url!, body: text ? JSON.parse(text) : undefined, authorization: request.headers.authorization });
      const path = request.url!.split('?')[0]!;
      const json = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.headers.authorization !== 'Bearer good-token') return json(403, { error: 'Missing permission reports:write', code: 'forbidden' });
      if (request.method === 'POST' && path === '/api/v1/tenants/acme/reports') {
        const body = JSON.parse(text) as { format: string; title?: string };
        return json(201, { id: body.title === 'doomed' ? 'rep-bad' : 'rep-1', status: 'queued', format: body.format });
      }
      const report = /^\/api\/v1\/tenants\/acme\/reports\/(rep-[a-z0-9]+)(\/download)?$/.exec(path);
      if (report && !report[2]) {
        const count = (polls.get(report[1]!) ?? 0) + 1;
        polls.set(report[1]!, count);
        if (report[1] === 'rep-bad') return json(200, { id: 'rep-bad', status: count < 2 ? 'generating' : 'failed', format: 'pdf', error: { code: 'no_completed_job', message: 'No completed job to report on' } });
        return json(200, { id: report[1], status: count < 3 ? 'generating' : 'ready', format: 'pdf' });
      }
      if (report && report[2]) {
        response.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="strata-report-rep-1.pdf"', 'content-length': PDF.length });
        return response.end(PDF);
      }
      if (path === '/api/v1/tenants/acme/diagrams/aws' || path === '/api/v1/tenants/acme/diagrams/kubernetes' || path === '/api/v1/tenants/acme/jobs/job-1/diagram') {
        const png = new URL(request.url!, 'http://x').searchParams.get('format') === 'png';
        response.writeHead(200, { 'content-type': png ? 'image/png' : 'image/svg+xml' });
        return response.end(png ? PNG : SVG);
      }
      json(404, { error: 'Not found', code: 'not_found' });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => (seen.length = 0));

  const env = () => ({ STRATA_URL: url, STRATA_TOKEN: 'good-token', STRATA_TENANT: 'acme' });

  it('reports generate --format pdf --wait -o FILE: posts {format}, follows the report until ready, saves the download', async () => {
    const file = join(dir, 'report.pdf');
    const run = await runInMemory(['reports', 'generate', '--format', 'pdf', '--wait', '-o', file], env());
    expect(run.code).toBe(0);
    expect(readFileSync(file)).toEqual(PDF);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/v1/tenants/acme/reports', body: { format: 'pdf' } });
    expect(seen.filter((request) => request.url === '/api/v1/tenants/acme/reports/rep-1').length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/api/v1/tenants/acme/reports/rep-1/download' });
    expect(run.stdout).toContain('generating\nready\n');
    expect(run.stderr).toContain(`Saved ${file}`);
  });

  it('passes job_id, sections and title; without --wait prints the queued report', async () => {
    const run = await runInMemory(['reports', 'generate', '--format', 'csv', '--job', 'job-7', '--section', 'findings,inventory', '--title', 'Q4', '--output', 'json'], env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id: 'rep-1', status: 'queued', format: 'csv' });
    expect(seen[0]!.body).toEqual({ format: 'csv', job_id: 'job-7', sections: ['findings', 'inventory'], title: 'Q4' });
  });

  it('a report that fails is exit 1 with its reason', async () => {
    const run = await runInMemory(['reports', 'generate', '--format', 'pdf', '--title', 'doomed', '--wait', '-o', join(dir, 'never.pdf')], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Report rep-bad failed');
    expect(run.stderr).toContain('no_completed_job');
  });

  it('a format the issue does not list is a usage error', async () => {
    expect((await runInMemory(['reports', 'generate', '--format', 'docx'], env())).code).toBe(2);
    expect((await runInMemory(['diagrams', 'aws', '--format', 'gif'], env())).code).toBe(2);
  });

  it('diagrams aws --format png -o FILE asks with account, region and format and saves the bytes', async () => {
    const file = join(dir, 'aws.png');
    const run = await runInMemory(['diagrams', 'aws', '--account', '123456789012', '--region', 'us-east-1', '--format', 'png', '-o', file], env());
    expect(run.code).toBe(0);
    expect(readFileSync(file)).toEqual(PNG);
    expect(seen[0]!.url).toBe('/api/v1/tenants/acme/diagrams/aws?account=123456789012&region=us-east-1&format=png');
  });

  it("diagrams kubernetes and a job's diagram; piped without -o, the SVG goes to stdout", async () => {
    const kube = await runInMemory(['diagrams', 'kubernetes', '--cluster', 'prod', '--namespace', 'shop'], env());
    expect(kube.code).toBe(0);
    expect(kube.stdout).toBe(SVG);
    expect(seen[0]!.url).toBe('/api/v1/tenants/acme/diagrams/kubernetes?cluster=prod&namespace=shop&format=svg');
    const job = await runInMemory(['diagrams', 'job', 'job-1', '--format', 'png', '-o', join(dir, 'job.png')], env());
    expect(job.code).toBe(0);
    expect(seen[1]!.url).toBe('/api/v1/tenants/acme/jobs/job-1/diagram?format=png');
  });

  it('a token without the permission is exit 3', async () => {
    const run = await runInMemory(['reports', 'generate', '--format', 'pdf'], { ...env(), STRATA_TOKEN: 'weak-token' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('reports:write');
  });
});
