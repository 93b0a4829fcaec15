import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  env?: NodeJS.ProcessEnv;
}

export interface Telemetry {
  /** True when spans leave the process (an OTLP endpoint is configured). */
  exporting: boolean;
  /** Flushes what is buffered and stops the SDK; call on shutdown. */
  shutdown(): Promise<void>;
}

/**
 * Spans are still created (so trace ids reach logs and cross NATS in headers) when nothing is
 * configured to receive them; they are just dropped here instead of being sent to a default
 * endpoint that does not exist.
 */
const dropSpans: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

export function otlpEndpointConfigured(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']);
}

let started: Telemetry | undefined;

/**
 * Starts the OpenTelemetry SDK. Call it from a service's first import, before NestJS, Fastify or
 * the NATS client are loaded. OTLP/HTTP export happens only when `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (or the traces-specific variable) is set; the standard `OTEL_*` variables tune it. Idempotent.
 */
export function startTelemetry({ serviceName, serviceVersion, env = process.env }: TelemetryOptions): Telemetry {
  if (started) return started;
  const exporting = otlpEndpointConfigured(env);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? serviceName,
      ...(serviceVersion ? { [ATTR_SERVICE_VERSION]: serviceVersion } : {}),
    }),
    textMapPropagator: new W3CTraceContextPropagator(),
    spanProcessors: [exporting ? new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }) : dropSpans],
    // Metrics and logs go through OTLP only when an endpoint exists; otherwise no readers at all.
    ...(exporting ? {} : { metricReaders: [], logRecordProcessors: [] }),
  });
  sdk.start();
  const telemetry: Telemetry = {
    exporting,
    shutdown: async () => {
      started = undefined;
      await sdk.shutdown();
    },
  };
  started = telemetry;
  return telemetry;
}
