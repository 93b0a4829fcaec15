import type { ResolvedCredential } from '@strata/contracts';

/** What the app's side of a discovery worker thread answers it (besides the lifecycle, `ServiceThread`'s). */
export type ToDiscoveryThread = { type: 'credential'; id: number; credential: ResolvedCredential | undefined } | { type: 'credential'; id: number; error: string };

/** What the thread asks the app's side. */
export type FromDiscoveryThread =
  /** A run needs its credential: the app's resolver answers (the secret never goes through a log). */
  { type: 'credential'; id: number; tenantId: string; credentialId: string };
