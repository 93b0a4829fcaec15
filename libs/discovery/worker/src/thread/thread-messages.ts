import type { ResolvedCredential } from '@strata/contracts';

/** What the app's side of a discovery worker thread sends it. */
export type ToDiscoveryThread =
  | { type: 'stop' }
  | { type: 'credential'; id: number; credential: ResolvedCredential | undefined }
  | { type: 'credential'; id: number; error: string };

/** What the thread sends the app's side. */
export type FromDiscoveryThread =
  /** Its consumers are pulling work items. */
  | { type: 'ready' }
  /** It could not start; it exits next. */
  | { type: 'failed'; error: string }
  /** A run needs its credential: the app's resolver answers (the secret never goes through a log). */
  | { type: 'credential'; id: number; tenantId: string; credentialId: string }
  /** One of its loops (a consumer's pulls) went down or came back, for the app's `GET /status`. */
  | { type: 'loop'; name: string; state: 'failed' | 'recovered' };
