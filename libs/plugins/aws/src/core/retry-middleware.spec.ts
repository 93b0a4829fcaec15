import { AwsThrottledError, originOf } from './aws-errors';
import { retryMiddleware, type AwsRetryEvent } from './retry-middleware';

const awsError = (name: string, status: number) => Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

function harness(outcomes: (Error | 'ok')[], options: { maxAttempts?: number; signal?: AbortSignal } = {}) {
  const events: AwsRetryEvent[] = [];
  let calls = 0;
  const next = async (args: { input: string }) => {
    const outcome = outcomes[Math.min(calls++, outcomes.length - 1)];
    if (outcome instanceof Error) throw outcome;
    return { output: args.input };
  };
  const middleware = retryMiddleware({
    service: 'ec2',
    region: 'eu-west-1',
    policy: { maxAttempts: options.maxAttempts ?? 5, baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 },
    signal: options.signal ?? new AbortController().signal,
    onRetry: (event) => events.push(event),
  });
  const handler = middleware(next, { commandName: 'DescribeInstancesCommand' });
  return { call: () => handler({ input: 'x' }), events, calls: () => calls };
}

describe('retryMiddleware', () => {
  it('retries throttled calls, telling each retry, until one succeeds', async () => {
    const { call, events, calls } = harness([awsError('RequestLimitExceeded', 503), awsError('Throttling', 400), 'ok']);
    await expect(call()).resolves.toEqual({ output: 'x' });
    expect(calls()).toBe(3);
    expect(events).toEqual([
      { operation: 'ec2:DescribeInstances', region: 'eu-west-1', kind: 'throttling', code: 'RequestLimitExceeded', retry: 1, delayMs: 1 },
      { operation: 'ec2:DescribeInstances', region: 'eu-west-1', kind: 'throttling', code: 'Throttling', retry: 2, delayMs: 2 },
    ]);
  });

  it('gives up on persistent throttling with an AwsThrottledError after the last attempt', async () => {
    const { call, calls } = harness([awsError('Throttling', 400)], { maxAttempts: 4 });
    await expect(call()).rejects.toEqual(new AwsThrottledError('ec2:DescribeInstances', 'eu-west-1', 4, 'Throttling'));
    expect(calls()).toBe(4);
  });

  it('retries a server error a few times only, then lets it through', async () => {
    const { call, calls, events } = harness([awsError('InternalError', 500)], { maxAttempts: 8 });
    await expect(call()).rejects.toMatchObject({ name: 'InternalError' });
    expect(calls()).toBe(3);
    expect(events.map((event) => event.kind)).toEqual(['transient', 'transient']);
  });

  it('does not retry a denied call, and tags it with the call it came from', async () => {
    const denied = awsError('UnauthorizedOperation', 403);
    const { call, calls } = harness([denied]);
    await expect(call()).rejects.toBe(denied);
    expect(calls()).toBe(1);
    expect(originOf(denied)).toEqual({ operation: 'ec2:DescribeInstances', region: 'eu-west-1' });
  });

  it('stops waiting the moment the run is aborted', async () => {
    const controller = new AbortController();
    const events: AwsRetryEvent[] = [];
    const middleware = retryMiddleware({
      service: 'ec2',
      region: 'eu-west-1',
      policy: { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0 },
      signal: controller.signal,
      onRetry: (event) => {
        events.push(event);
        controller.abort();
      },
    });
    // The minute-long backoff is far beyond the test's timeout: rejecting at all shows it did not wait.
    const handler = middleware(async () => Promise.reject(awsError('Throttling', 400)), {});
    await expect(handler({})).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toHaveLength(1);
  });
});
