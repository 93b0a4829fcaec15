import fc from 'fast-check';
import { nextStep, RETRY_WINDOW_MS, type RetryPolicy } from './retry-policy';

type Outcome = { kind: 'ok'; status: number } | { kind: 'transient'; status?: number; timeout?: boolean } | { kind: 'final'; status: number };

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
  fc.integer({ min: 200, max: 299 }).map((status) => ({ kind: 'ok' as const, status })),
  fc.constantFrom(408, 429, 500, 502, 503, 504).map((status) => ({ kind: 'transient' as const, status })),
  fc.constant({ kind: 'transient' as const, timeout: true }),
  fc.constantFrom(400, 401, 403, 404, 410, 422).map((status) => ({ kind: 'final' as const, status })),
);

const policy: fc.Arbitrary<RetryPolicy> = fc.record({
  baseMs: fc.integer({ min: 1, max: 60_000 }),
  capMs: fc.integer({ min: 1_000, max: 4 * 3_600_000 }),
  windowMs: fc.constantFrom(RETRY_WINDOW_MS, 3_600_000, 60_000),
});

/** The policy as the README states it, written out on its own: the oracle. */
function oracle(outcomes: readonly Outcome[], randoms: readonly number[], { baseMs, capMs, windowMs }: RetryPolicy, start: number) {
  let now = start;
  for (let index = 0; index < outcomes.length; index++) {
    const attempt = index + 1;
    const current = outcomes[index]!;
    if (current.kind === 'ok') return { status: 'delivered', attempts: attempt };
    if (current.kind === 'final') return { status: 'failed', attempts: attempt };
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt - 1, 40));
    const delay = Math.floor(randoms[index]! * ceiling);
    if (now + delay > start + windowMs) return { status: 'failed', attempts: attempt };
    now += delay;
  }
  return { status: 'pending', attempts: outcomes.length };
}

describe('delivery retry policy (property)', () => {
  it('ends as the policy says, after as many attempts, with every wait within the cap and the window', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(outcome, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true })), { minLength: 1, maxLength: 60 }), policy, (steps, retry) => {
        const start = Date.parse('2026-12-05T00:00:00Z');
        let now = start;
        let final: { status: string; attempts: number } = { status: 'pending', attempts: steps.length };
        for (let index = 0; index < steps.length; index++) {
          const [current, random] = steps[index]!;
          const step = nextStep(
            {
              ...(current.kind === 'transient' && current.timeout ? { error: new DOMException('timed out', 'TimeoutError') } : { status: (current as { status: number }).status }),
              attempt: index + 1,
              windowStartedAt: start,
              now,
              random: () => random,
            },
            retry,
          );
          if (step.status !== 'pending') {
            final = { status: step.status, attempts: index + 1 };
            break;
          }
          expect(step.nextAttemptAt).toBeGreaterThanOrEqual(now);
          expect(step.nextAttemptAt - now).toBeLessThanOrEqual(retry.capMs);
          expect(step.nextAttemptAt).toBeLessThanOrEqual(start + retry.windowMs);
          now = step.nextAttemptAt;
        }
        expect(final).toEqual(oracle(steps.map(([o]) => o), steps.map(([, r]) => r), retry, start));
      }),
      { numRuns: 500 },
    );
  });
});
