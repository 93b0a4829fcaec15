/** How sending to one channel went: `retry` is worth another attempt later, `final` is not. */
export type SendOutcome =
  | { kind: 'delivered'; status_code: number | null; latency_ms: number }
  | { kind: 'retry' | 'final'; status_code: number | null; latency_ms: number; error: string };
