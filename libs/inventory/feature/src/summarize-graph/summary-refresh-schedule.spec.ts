import { SummaryRefreshSchedule } from './summary-refresh-schedule';

describe('SummaryRefreshSchedule', () => {
  let refreshed: string[];
  let refresh: (tenantId: string) => Promise<void>;
  let errors: string[];
  let schedule: SummaryRefreshSchedule;

  beforeEach(() => {
    jest.useFakeTimers();
    refreshed = [];
    errors = [];
    refresh = async (tenantId) => {
      refreshed.push(tenantId);
    };
    schedule = new SummaryRefreshSchedule({
      refresh: (tenantId) => refresh(tenantId),
      onError: (tenantId, error) => errors.push(`${tenantId}: ${String(error)}`),
      quietMs: 2_000,
      minIntervalMs: 30_000,
    });
  });
  /** Refreshes from now on count until `finish()` is called (once per refresh begun). */
  function holdRefreshes(): () => void {
    const held: (() => void)[] = [];
    refresh = (tenantId) => {
      refreshed.push(tenantId);
      return new Promise((resolve) => held.push(resolve));
    };
    return () => held.shift()?.();
  }

  afterEach(async () => {
    await schedule.stop();
    jest.useRealTimers();
  });

  it('refreshes once ingest into the tenant has paused, however many changes came before', async () => {
    for (let i = 0; i < 5; i++) {
      schedule.changed('acme');
      await jest.advanceTimersByTimeAsync(1_000);
    }
    expect(refreshed).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(refreshed).toEqual(['acme']);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refreshed).toEqual(['acme']);
  });

  it('keeps tenants apart', async () => {
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(1_500);
    schedule.changed('hooli');
    await jest.advanceTimersByTimeAsync(500);
    expect(refreshed).toEqual(['acme']);
    await jest.advanceTimersByTimeAsync(1_500);
    expect(refreshed).toEqual(['acme', 'hooli']);
  });

  it('refreshes one tenant at most once per interval, and then still counts the last change', async () => {
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(refreshed).toHaveLength(1);
    // A plugin that pauses every few seconds: changes keep coming after each refresh.
    for (let i = 0; i < 5; i++) {
      schedule.changed('acme');
      await jest.advanceTimersByTimeAsync(5_000);
    }
    expect(refreshed).toHaveLength(1); // 25 s after the first
    await jest.advanceTimersByTimeAsync(4_999);
    expect(refreshed).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(refreshed).toHaveLength(2); // 30 s after it
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refreshed).toHaveLength(2);
  });

  it("skips the pending refresh when another (a reconcile's) began counting after the last change", async () => {
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(1_000);
    schedule.refreshStarted('acme', performance.now());
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refreshed).toEqual([]);
  });

  it('still refreshes for a change made after that other refresh began, which does not delay it', async () => {
    schedule.changed('acme');
    schedule.refreshStarted('acme', performance.now());
    await jest.advanceTimersByTimeAsync(1);
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(1_999);
    expect(refreshed).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(refreshed).toEqual(['acme']);
  });

  it('looks again after a refresh still counting when a change lands during it', async () => {
    const finish = holdRefreshes();
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(refreshed).toEqual(['acme']);
    await jest.advanceTimersByTimeAsync(1);
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(40_000);
    expect(refreshed).toEqual(['acme']); // the first still counting
    finish();
    await jest.advanceTimersByTimeAsync(2_000);
    expect(refreshed).toEqual(['acme', 'acme']);
    finish();
  });

  it('reports a failed refresh and refreshes again after the next change', async () => {
    refresh = async (tenantId) => {
      refreshed.push(tenantId);
      throw new Error('store closed');
    };
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(errors).toEqual(['acme: Error: store closed']);
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(30_000);
    expect(refreshed).toEqual(['acme', 'acme']);
  });

  it('stop cancels what is pending and waits for a refresh still counting', async () => {
    const finish = holdRefreshes();
    schedule.changed('acme');
    await jest.advanceTimersByTimeAsync(2_000);
    schedule.changed('hooli');
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(refreshed).toEqual(['acme']);
  });
});
