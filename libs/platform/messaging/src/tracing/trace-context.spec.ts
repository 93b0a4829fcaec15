import { headers } from '@nats-io/nats-core';
import { propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { extractTraceContext, injectTraceContext } from './trace-context';

describe('trace context in NATS headers', () => {
  beforeAll(() => propagation.setGlobalPropagator(new W3CTraceContextPropagator()));
  afterAll(() => propagation.disable());

  const spanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  };

  it('writes traceparent and reads back the same span context', () => {
    const hdrs = headers();
    injectTraceContext(hdrs, trace.setSpanContext(ROOT_CONTEXT, spanContext));
    expect(hdrs.get('traceparent')).toBe(`00-${spanContext.traceId}-${spanContext.spanId}-01`);

    const extracted = trace.getSpanContext(extractTraceContext(hdrs));
    expect(extracted).toMatchObject({ ...spanContext, isRemote: true });
  });

  it('extracts nothing from a message without trace headers', () => {
    expect(trace.getSpanContext(extractTraceContext(headers()))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext(undefined))).toBeUndefined();
  });
});
