import { jetstreamManager } from '@nats-io/jetstream';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, type TestNats } from '@strata/testing';
import { MessagingError, NoStreamForSubjectError, PublishConflictError } from '../errors';
import { connectMessaging, type MessagingClient } from '../messaging-client';

describe('publishing to a stream', () => {
  let nats: TestNats;
  let client: MessagingClient;
  const ns = uniqueNamespace('publish');

  beforeAll(async () => {
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    await client.ensureStreams({ only: ['events', 'logs'] });
  });

  afterAll(async () => {
    await client.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
  });

  const storedOn = async (subject: string): Promise<number> => {
    const jsm = await jetstreamManager(client.connection);
    const info = await jsm.streams.info(`${ns}_EVENTS`, { subjects_filter: client.namespace.subject(subject) });
    return info.state.subjects?.[client.namespace.subject(subject)] ?? 0;
  };

  it('stores a message published twice with the same msgId once', async () => {
    const subject = subjects.event('acme', 'job', 'JobQueued');
    const first = await client.publish(subject, { job: 'j1' }, { msgId: 'job-j1-queued' });
    const retry = await client.publish(subject, { job: 'j1' }, { msgId: 'job-j1-queued' });

    expect(first).toEqual({ stream: `${ns}_EVENTS`, seq: expect.any(Number), duplicate: false });
    expect(retry).toEqual({ stream: `${ns}_EVENTS`, seq: first.seq, duplicate: true });
    expect(await storedOn(subject)).toBe(1);
  });

  it('refuses a write when the subject moved past the expected sequence, with a typed error', async () => {
    const subject = subjects.event('acme', 'resource', 'Changed');
    const created = await client.publish(subject, { v: 1 }, { msgId: 'r-v1', expectedLastSubjectSequence: 0 });
    const next = await client.publish(subject, { v: 2 }, { msgId: 'r-v2', expectedLastSubjectSequence: created.seq });

    const stale = client.publish(subject, { v: 2 }, { msgId: 'r-v2-other-writer', expectedLastSubjectSequence: created.seq });
    await expect(stale).rejects.toThrow(PublishConflictError);
    await expect(stale).rejects.toMatchObject({ subject, expectedLastSubjectSequence: created.seq });
    await expect(client.publish(subject, { v: 1 }, { msgId: 'r-v1-again', expectedLastSubjectSequence: 0 })).rejects.toThrow(
      PublishConflictError,
    );
    expect(next.seq).toBeGreaterThan(created.seq);
    expect(await storedOn(subject)).toBe(2);
  });

  it('requires a msgId on every publish', async () => {
    await expect(client.publish(subjects.logs('acme', 'j1'), 'line', { msgId: '' })).rejects.toThrow(MessagingError);
  });

  it('says so when no stream captures the subject', async () => {
    await expect(client.publish('nowhere.at.all', {}, { msgId: 'm1' })).rejects.toThrow(NoStreamForSubjectError);
  });
});
