import { AckPolicy, DeliverPolicy, type ConsumerConfig, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import { ConsumerSetupError } from '../errors';
import { isJetStreamApiError, JetStreamErrorCode } from '../jetstream-api-errors';

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  /** Already namespaced. */
  filterSubject: string | undefined;
  ackWaitMs: number;
  maxDeliver: number;
  deliverPolicy: 'all' | 'new';
}

/**
 * Creates the durable pull consumer, or updates it to the declared settings, so that every
 * instance of a service can run this at start-up. (Servers before 2.10 treat a create of an
 * existing durable as an update; later ones need the explicit update.)
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<ConsumerInfo> {
  const updatable = {
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    ...(spec.filterSubject ? { filter_subject: spec.filterSubject } : {}),
  };
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: spec.deliverPolicy === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    ...updatable,
  };
  try {
    try {
      return await jsm.consumers.add(spec.stream, config);
    } catch (error) {
      if (!isJetStreamApiError(error, JetStreamErrorCode.consumerAlreadyExists)) throw error;
    }
    return await jsm.consumers.update(spec.stream, spec.durable, updatable);
  } catch (error) {
    throw new ConsumerSetupError(spec.stream, spec.durable, error instanceof Error ? error.message : String(error), { cause: error });
  }
}
