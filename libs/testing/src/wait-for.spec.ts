import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? calls : undefined), { intervalMs: 1 })).resolves.toBe(3);
  });

  it('fails with the message and the last error after the deadline', async () => {
    await expect(
      waitFor(
        () => {
          throw new Error('not yet');
        },
        { timeoutMs: 30, intervalMs: 5, message: 'the thing' },
      ),
    ).rejects.toThrow(/waiting for the thing: last error: not yet/);
  });
});
