import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createLogger } from './logger';

// What the SDK registers at start-up; without a context manager `context.with` is a no-op.
beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
afterAll(() => context.disable());

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('adds the active trace and span ids to each line', () => {
    const out = capture();
    const log = createLogger({ name: 'test', destination: out.stream });
    const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
    context.with(trace.setSpanContext(context.active(), spanContext), () => log.info('inside'));
    log.info('outside');
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({ msg: 'inside', trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('never writes secrets', () => {
    const out = capture();
    const log = createLogger({ name: 'test', destination: out.stream });
    log.info({ credential: { secret_access_key: 'AKIAXXXX/very-secret', kubeconfig: 'apiVersion: v1' }, token: 'tok' }, 'creds');
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('very-secret');
    expect(text).not.toContain('apiVersion');
    expect(text).not.toContain('"tok"');
  });
});
