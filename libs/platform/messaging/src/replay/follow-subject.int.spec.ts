import { connectMessaging, type MessagingClient } from '../messaging-client';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';

describe('MessagingClient.follow', () => {
  let nats: TestNats;
  let namespace: string;
  let client: MessagingClient;

  beforeAll(async () => {
    nats = await useTestNats();
    namespace = uniqueNamespace('follow');
    client = await connectMessaging({ servers: nats.url, namespace });
    await client.ensureStreams({ only: ['logs'] });
  });

  afterAll(async () => {
    await client.close();
    await deleteNamespaceStreams(nats.url, namespace);
    await nats.stop();
  });

  it('replays one subject from the start, follows it live, and stops on abort', async () => {
    await client.publish('logs.acme.job-1', { n: 1 }, { msgId: 'a1' });
    await client.publish('logs.acme.job-2', { n: 99 }, { msgId: 'b1' });
    await client.publish('logs.acme.job-1', { n: 2 }, { msgId: 'a2' });

    const abort = new AbortController();
    const seen: { n: number; seq: number; pending: number; end?: string }[] = [];
    const following = (async () => {
      for await (const message of client.follow<{ n: number }>('logs', 'logs.acme.job-1', { signal: abort.signal })) {
        seen.push({ n: message.data.n, seq: message.streamSequence, pending: message.pending, end: message.headers['End'] });
        expect(message.subject).toBe('logs.acme.job-1');
      }
    })();
    await waitFor(() => seen.length === 2, { message: 'history replayed' });
    await client.publish('logs.acme.job-1', { n: 3 }, { msgId: 'a3', headers: { End: 'yes' } });
    await waitFor(() => seen.length === 3, { message: 'live message' });
    abort.abort();
    await following;
    expect(seen.map((s) => s.n)).toEqual([1, 2, 3]);
    // Counted on the subject alone (job-2's message is no concern of job-1's reader).
    expect(seen.map((s) => s.pending)).toEqual([1, 0, 0]);
    expect(seen[2]!.end).toBe('yes');

    const resumed: number[] = [];
    const resume = new AbortController();
    const resuming = (async () => {
      for await (const message of client.follow<{ n: number }>('logs', 'logs.acme.job-1', { fromSequence: seen[1]!.seq + 1, signal: resume.signal })) {
        resumed.push(message.data.n);
      }
    })();
    await waitFor(() => resumed.length === 1, { message: 'resumed after the second' });
    resume.abort();
    await resuming;
    expect(resumed).toEqual([3]);
  });
});
