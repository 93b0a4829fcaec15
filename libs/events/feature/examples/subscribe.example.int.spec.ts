import { randomUUID } from 'node:crypto';
import { eventEnvelope, subjects, type EventEnvelope } from '@strata/contracts';
import { openServiceFixture, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { subscribeToEvents, type EventSubscription } from './subscribe.example';

// Runs the README's example as it is, against the local NATS in a namespace of its own.
describe('subscribing from an internal service (the README example)', () => {
  let fixture: ServiceFixture;
  let subscription: EventSubscription | undefined;

  beforeAll(async () => {
    fixture = await openServiceFixture('subexample');
  });

  afterAll(async () => {
    await subscription?.stop();
    await fixture?.close();
  });

  it('receives the envelopes its filter selects, through its own durable, and only those', async () => {
    const received: EventEnvelope[] = [];
    subscription = await subscribeToEvents({
      servers: fixture.nats.url,
      namespace: fixture.namespace,
      durable: 'example-job-completed',
      filter: 'events.*.job.JobCompleted',
      onEvent: async (event) => {
        received.push(event);
      },
    });
    const time = new Date().toISOString();
    const failed = eventEnvelope({ id: randomUUID(), category: 'job', name: 'JobFailed', tenantId: 'acme', time, data: { jobId: 'j1' } });
    const completed = eventEnvelope({ id: randomUUID(), category: 'job', name: 'JobCompleted', tenantId: 'acme', time, data: { jobId: 'j2' } });
    for (const event of [failed, completed]) await fixture.messaging.publish(subjects.event('acme', 'job', event.type.split('.')[1]!), event, { msgId: event.id });
    await waitFor(() => received.length > 0, { message: 'the example to receive the JobCompleted' });
    expect(received).toEqual([completed]);

    // A durable of its own: stopped and started again, it gets what was published meanwhile.
    await subscription.stop();
    subscription = undefined;
    const later = eventEnvelope({ id: randomUUID(), category: 'job', name: 'JobCompleted', tenantId: 'globex', time, data: { jobId: 'j3' } });
    await fixture.messaging.publish(subjects.event('globex', 'job', 'JobCompleted'), later, { msgId: later.id });
    subscription = await subscribeToEvents({ servers: fixture.nats.url, namespace: fixture.namespace, durable: 'example-job-completed', filter: 'events.*.job.JobCompleted', onEvent: async (event) => void received.push(event) });
    await waitFor(() => received.length === 2, { message: 'the event published while it was stopped' });
    expect(received).toEqual([completed, later]);
  });
});
