import { type SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span } from '@opentelemetry/api';

const tracer = trace.getTracer('@strata/platform-messaging');

export interface MessagingSpan {
  name: string;
  kind: SpanKind;
  parent: Context;
  attributes: Attributes;
}

/**
 * Runs `work` inside a new active span (a no-op span when no SDK is registered). A failure is
 * recorded on the span and rethrown unchanged.
 */
export function inMessagingSpan<T>({ name, kind, parent, attributes }: MessagingSpan, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind, attributes: { 'messaging.system': 'nats', ...attributes } }, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function markFailed(span: Span, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  span.recordException(error instanceof Error ? error : { message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}
