import { JetStreamApiError } from '@nats-io/jetstream';

/** The JetStream API error codes this library reacts to (see the server's `errors.json`). */
export const JetStreamErrorCode = {
  streamNameInUse: 10058,
  streamNotFound: 10059,
  consumerNotFound: 10014,
  wrongLastSequence: 10071,
  /** Servers from 2.10 on refuse to "create" a durable that exists with another configuration. */
  consumerAlreadyExists: 10148,
} as const;

export function isJetStreamApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
