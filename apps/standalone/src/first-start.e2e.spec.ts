import { createServer, type Server } from 'node:net';
import { deleteNamespaceStreams, freePort, makeTempDir, uniqueNamespace, useTestNats, type RunningProcess, type TempDir, type TestNats } from '@strata/testing';
import { ApiClient } from './fixtures/api-client';
import { runBuiltApp } from './fixtures/built-app';

const TOKEN_LINE = /export TOKEN=(strata_[A-Za-z0-9_-]+)/;

/**
 * The first start without STRATA_BOOTSTRAP_TOKEN generates the platform-admin token and prints it
 * once. A start that cannot listen must not use that chance up: the token would be stored (hashed)
 * but never shown, and every later start would say it was printed before.
 */
describe('standalone: the first start\'s token', () => {
  let nats: TestNats;
  let dir: TempDir;
  let namespace: string;
  let taken: Server;
  const started: RunningProcess[] = [];

  beforeAll(async () => {
    nats = await useTestNats();
    dir = await makeTempDir();
    namespace = uniqueNamespace('firststart');
  });

  afterAll(async () => {
    for (const strata of started) await strata.stop();
    await new Promise((done) => (taken ? taken.close(done) : done(undefined)));
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
    await dir.remove();
  });

  function start(port: number): RunningProcess {
    const strata = runBuiltApp('standalone', { NATS_URL: nats.url, STRATA_NS: namespace, STRATA_DATA_DIR: dir.path, PORT: String(port), HOST: '127.0.0.1', STRATA_BOOTSTRAP_TOKEN: '', LOG_LEVEL: 'warn' });
    started.push(strata);
    return strata;
  }

  it('is not used up by a start that cannot listen; the next start prints it, and the one after does not', async () => {
    const busyPort = await freePort();
    taken = createServer();
    await new Promise<void>((done) => taken.listen(busyPort, '127.0.0.1', done));
    const failed = start(busyPort);
    expect(await failed.ended()).not.toBe(0);
    expect(failed.log).toContain(`port ${busyPort} on 127.0.0.1 is already in use`);
    // Refused before the app was built: nothing consumed work or logged a start it then gave up.
    expect(failed.log).not.toContain('NestApplication');
    expect(failed.log).not.toMatch(TOKEN_LINE);

    const port = await freePort();
    const first = start(port);
    await first.waitForOutput('Strata is running at');
    const token = TOKEN_LINE.exec(first.log)?.[1];
    expect(token).toBeDefined();
    // What a first start shows a person: no runtime or library deprecation warnings among it.
    expect(first.log).not.toMatch(/DeprecationWarning|FastifyWarning|\[FSTDEP\d+\]|\[DEP\d+\]/);
    const api = new ApiClient(`http://127.0.0.1:${port}`, token!);
    expect((await api.call('GET', '/api/v1/tenants')).status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = start(port);
    await second.waitForOutput('Strata is running at');
    expect(second.log).not.toMatch(TOKEN_LINE);
    expect((await api.call('GET', '/api/v1/tenants')).status).toBe(200);
    expect(await second.stop()).toBe(0);
  });
});
