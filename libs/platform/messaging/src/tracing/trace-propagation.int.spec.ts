import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { subjects } from '@strata/contracts';
import { createLogger } from '@strata/platform-observability';
import { deleteNamespaceStreams, uniqueNamespace, useTestNats, waitFor, type TestNats } from '@strata/testing';
import { connectMessaging, type MessagingClient } from '../messaging-client';

describe('trace context across NATS', () => {
  let nats: TestNats;
  let client: MessagingClient;
  const ns = uniqueNamespace('trace');
  const spans = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const tracer = provider.getTracer('test');

  beforeAll(async () => {
    // What the observability SDK registers in a service.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    nats = await useTestNats();
    client = await connectMessaging({ servers: [nats.url], namespace: ns }, { logger: createLogger({ name: 'test', level: 'silent' }) });
    await client.ensureStreams({ only: ['events'] });
  });

  afterAll(async () => {
    await client.close();
    await deleteNamespaceStreams(nats.url, ns);
    await nats.stop();
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });

  it('runs the consumer’s handler in the publisher’s trace, as a child of the publish span', async () => {
    const seenTraceIds: string[] = [];
    const consumer = await client.consume({
      stream: 'events',
      durable: 'traced',
      handler: async () => {
        await Promise.resolve();
        seenTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
      },
    });

    const publisherTraceId = await tracer.startActiveSpan('schedule job', async (span) => {
      await client.publish(subjects.event('acme', 'job', 'JobQueued'), { id: 'j1' }, { msgId: 'job-j1-queued' });
      span.end();
      return span.spanContext().traceId;
    });

    await waitFor(() => seenTraceIds.length === 1, { message: 'the traced message' });
    await consumer.stop();
    expect(seenTraceIds).toEqual([publisherTraceId]);

    const finished = spans.getFinishedSpans();
    const send = finished.find((s) => s.name === 'send events.acme.job.JobQueued');
    const processing = finished.find((s) => s.name === 'process events.acme.job.JobQueued');
    expect(send?.kind).toBe(SpanKind.PRODUCER);
    expect(processing?.kind).toBe(SpanKind.CONSUMER);
    expect(processing?.spanContext().traceId).toBe(publisherTraceId);
    expect(processing?.parentSpanContext?.spanId).toBe(send?.spanContext().spanId);
  });

  it('runs a request handler in the requester’s trace', async () => {
    const responder = client.serve('trace.whoami', () => trace.getActiveSpan()?.spanContext().traceId ?? 'none');
    try {
      const [requesterTraceId, responderTraceId] = await tracer.startActiveSpan('call', async (span) => {
        const answer = await client.request<string>('trace.whoami', undefined);
        span.end();
        return [span.spanContext().traceId, answer];
      });
      expect(responderTraceId).toBe(requesterTraceId);
    } finally {
      await responder.stop();
    }
  });
});
