import { PoisonMessageError } from '../errors';
import { decideSettlement, type SettlementPolicy } from './settlement';

const policy: SettlementPolicy = {
  maxDeliver: 3,
  backoff: { initialDelayMs: 100, multiplier: 3, maxDelayMs: 10_000, jitter: 0 },
};
const failed = { kind: 'failed', error: new Error('database down') } as const;

describe('decideSettlement', () => {
  it('acknowledges a handled message', () => {
    expect(decideSettlement({ kind: 'handled' }, 1, policy)).toEqual({ action: 'ack' });
  });

  it('retries a failure later, waiting longer each time', () => {
    expect(decideSettlement(failed, 1, policy)).toEqual({ action: 'nak', delayMs: 100 });
    expect(decideSettlement(failed, 2, policy)).toEqual({ action: 'nak', delayMs: 300 });
  });

  it('terminates a failure on the last delivery allowed (or beyond, if the limit was lowered)', () => {
    expect(decideSettlement(failed, 3, policy)).toEqual({ action: 'term', reason: 'max-deliveries' });
    expect(decideSettlement(failed, 7, policy)).toEqual({ action: 'term', reason: 'max-deliveries' });
  });

  it('terminates poison at once, also in the plain form NestJS turns it into', () => {
    const poison = new PoisonMessageError('refers to a deleted tenant');
    expect(decideSettlement({ kind: 'failed', error: poison }, 1, policy)).toEqual({ action: 'term', reason: 'poison' });
    expect(decideSettlement({ kind: 'failed', error: poison.getError() }, 1, policy)).toEqual({ action: 'term', reason: 'poison' });
    expect(decideSettlement({ kind: 'failed', error: { status: 'error', message: 'x' } }, 1, policy).action).toBe('nak');
  });

  it('terminates an undecodable payload at once', () => {
    expect(decideSettlement({ kind: 'undecodable', error: new Error('bad json') }, 1, policy)).toEqual({
      action: 'term',
      reason: 'undecodable',
    });
  });
});
