import type { JetStreamManager } from '@nats-io/jetstream';
import { isJetStreamApiError, JetStreamErrorCode } from '../jetstream-api-errors';

/** Where a durable consumer stands: what waits for it, and what its instances hold. */
export interface ConsumerBacklog {
  /** Messages of its filter not yet delivered to any instance. */
  waiting: number;
  /** Delivered and not yet acknowledged: being handled, or held by an instance that died until their ack wait ends. */
  inProgress: number;
}

/** The backlog of `durable` on `stream` (the server's name), or undefined when no instance ever created it. */
export async function consumerBacklog(jsm: JetStreamManager, stream: string, durable: string): Promise<ConsumerBacklog | undefined> {
  try {
    const info = await jsm.consumers.info(stream, durable);
    return { waiting: info.num_pending, inProgress: info.num_ack_pending };
  } catch (error) {
    if (isJetStreamApiError(error, JetStreamErrorCode.consumerNotFound)) return undefined;
    throw error;
  }
}
