import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { deleteNamespaceStreams, startNatsServer, useTestNats } from './nats-server';
import { uniqueNamespace } from './namespace';

describe('NATS test harness', () => {
  it('uses a reachable server and deletes only the streams of its namespace', async () => {
    const nats = await useTestNats();
    const mine = uniqueNamespace('harness');
    const other = uniqueNamespace('other');
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      await jsm.streams.add({ name: `${mine}_A`, subjects: [`${mine}.a.>`] });
      await jsm.streams.add({ name: `${other}_A`, subjects: [`${other}.a.>`] });

      expect(await deleteNamespaceStreams(nats.url, mine)).toEqual([`${mine}_A`]);

      const names: string[] = [];
      for await (const info of jsm.streams.list()) names.push(info.config.name);
      expect(names).toContain(`${other}_A`);
      expect(names).not.toContain(`${mine}_A`);
    } finally {
      await deleteNamespaceStreams(nats.url, other);
      await nc.close();
      await nats.stop();
    }
  });

  it('starts a private nats-server with JetStream when asked', async () => {
    const nats = await startNatsServer();
    try {
      const nc = await connect({ servers: nats.url });
      const info = await (await jetstreamManager(nc)).getAccountInfo();
      expect(info.limits).toBeDefined();
      await nc.close();
    } finally {
      await nats.stop();
    }
  });
});
