import { trace } from '@opentelemetry/api';
import { StrataAttributes } from '@strata/platform-observability';

/** Names the tenant and job on the span of the message being handled. */
export function annotateJobSpan(tenantId: string, jobId: string): void {
  trace.getActiveSpan()?.setAttributes({ [StrataAttributes.tenant]: tenantId, [StrataAttributes.job]: jobId });
}
