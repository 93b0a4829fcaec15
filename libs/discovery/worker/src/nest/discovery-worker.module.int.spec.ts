import { jetstreamManager } from '@nats-io/jetstream';
import { Module } from '@nestjs/common';
import { discoveryDurableName, type CredentialResolver } from '@strata/contracts';
import { MessagingClient, MessagingModule } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { startNatsMicroservice } from '@strata/platform-runtime';
import { demoPlugin } from '@strata/plugins-demo';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, type TestNats } from '@strata/testing';
import { DemoOnlyCredentialResolver } from '../credentials/demo-only-credential-resolver';
import { DiscoveryWorker } from '../worker/discovery-worker';
import { DiscoveryWorkerModule } from './discovery-worker.module';

const RESOLVER = Symbol('test resolver');
const logger = createLogger({ name: 'test', level: 'silent' });

@Module({ providers: [{ provide: RESOLVER, useClass: DemoOnlyCredentialResolver }], exports: [RESOLVER] })
class ResolverModule {}

describe('DiscoveryWorkerModule', () => {
  const ns = uniqueNamespace('workermod');
  let nats: TestNats;

  beforeAll(async () => {
    nats = await useTestNats();
  });

  afterAll(async () => {
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  it('builds its options from injected providers, starts the worker with the app and stops it on close', async () => {
    const app = await startNatsMicroservice({
      module: class TestApp {},
      imports: [
        MessagingModule.forRoot({ config: { servers: [nats.url], namespace: ns }, logger, streams: { only: ['work'] } }),
        DiscoveryWorkerModule.forRootAsync({
          plugins: [demoPlugin],
          imports: [ResolverModule],
          inject: [RESOLVER],
          useFactory: (credentialResolver: CredentialResolver) => ({ credentialResolver, workerId: 'nest-worker', logger }),
        }),
      ],
    });
    const worker = app.get(DiscoveryWorker);
    expect(worker.workerId).toBe('nest-worker');
    const jsm = await jetstreamManager(app.get(MessagingClient).connection);
    expect((await jsm.consumers.info(`${ns}_WORK`, discoveryDurableName('demo'))).config.filter_subject).toBe(`${ns}.work.discovery.demo`);
    const stopped = jest.spyOn(worker, 'stop');
    await app.close();
    expect(stopped).toHaveBeenCalled();
  });
});
