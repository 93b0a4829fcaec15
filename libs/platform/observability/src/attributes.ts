/** Span and log attribute names Strata adds beyond OpenTelemetry's semantic conventions. */
export const StrataAttributes = {
  tenant: 'strata.tenant_id',
  job: 'strata.job_id',
  plugin: 'strata.plugin',
  stream: 'strata.event_stream',
} as const;
