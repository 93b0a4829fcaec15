import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export interface LoggerSettings {
  name: string;
  level?: string;
  /** Where lines go (default stdout); tests pass a stream to read them. */
  destination?: DestinationStream;
}

/** Field names that must never reach a log line, wherever they are nested. */
const REDACTED_PATHS = [
  'password',
  'secret',
  'token',
  'authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.secret_access_key',
  '*.kubeconfig',
  'req.headers.authorization',
];

/**
 * A pino logger whose every line carries the active span's `trace_id` and `span_id`, so a log
 * line can be found from a trace and the other way round.
 */
export function createLogger({ name, level = process.env['LOG_LEVEL'] ?? 'info', destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin() {
      const span = trace.getActiveSpan();
      if (!span) return {};
      const context = span.spanContext();
      if (!isSpanContextValid(context)) return {};
      return { trace_id: context.traceId, span_id: context.spanId, trace_flags: `0${context.traceFlags.toString(16)}` };
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
