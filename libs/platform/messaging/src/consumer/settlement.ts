import { isPoisonMessageError } from '../errors';
import { redeliveryDelayMs, type RedeliveryBackoff } from './delivery-timing';

/** What became of one delivery of a message. */
export type DeliveryOutcome =
  | { kind: 'handled' }
  | { kind: 'undecodable'; error: unknown }
  | { kind: 'failed'; error: unknown };

/** What the consumer answers the server for that delivery. */
export type Settlement =
  | { action: 'ack' }
  | { action: 'nak'; delayMs: number }
  | { action: 'term'; reason: 'undecodable' | 'poison' | 'max-deliveries' };

export interface SettlementPolicy {
  maxDeliver: number;
  backoff: Readonly<RedeliveryBackoff>;
  random?: () => number;
}

/**
 * Success is acknowledged; a failure is retried later (nak with a growing delay) unless retrying
 * cannot help: the payload is unreadable, the handler declared the message poison, or this was
 * the last delivery allowed. Those are terminated so the server never sends them again.
 */
export function decideSettlement(outcome: DeliveryOutcome, deliveryCount: number, policy: SettlementPolicy): Settlement {
  switch (outcome.kind) {
    case 'handled':
      return { action: 'ack' };
    case 'undecodable':
      return { action: 'term', reason: 'undecodable' };
    case 'failed':
      if (isPoisonMessageError(outcome.error)) return { action: 'term', reason: 'poison' };
      if (deliveryCount >= policy.maxDeliver) return { action: 'term', reason: 'max-deliveries' };
      return { action: 'nak', delayMs: redeliveryDelayMs(deliveryCount, policy.backoff, policy.random) };
  }
}
