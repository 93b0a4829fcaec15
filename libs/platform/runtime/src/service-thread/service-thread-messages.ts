/** What the app's side of a service thread sends it: a stop, or a message of the service's own. */
export type ToServiceThread<Own> = { type: 'stop' } | { type: 'own'; message: Own };

/** What the thread sends the app's side. */
export type FromServiceThread<Own> =
  /** Its app has started: its consumers are pulling. */
  | { type: 'ready' }
  /** One of its loops (a consumer's pulls) went down or came back, for the app's `GET /status`. */
  | { type: 'loop'; name: string; state: 'failed' | 'recovered' }
  /** A message of the service's own (a discovery run asking for its credential). */
  | { type: 'own'; message: Own };
