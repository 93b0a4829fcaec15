import { DiscoveryWorkerConfigError } from '../errors';
import { discoveryWorkerSettingsFromEnv, resolveWorkerSettings } from './worker-settings';

describe('resolveWorkerSettings', () => {
  it('fills in the defaults, ignoring options given as undefined', () => {
    expect(resolveWorkerSettings({ concurrency: undefined, workerId: 'w-1' })).toEqual({
      concurrency: 2,
      ackWaitMs: 30_000,
      maxDeliver: 5,
      progressIntervalMs: 1_000,
      workerId: 'w-1',
    });
  });

  it('names this host and process when no worker id is given', () => {
    expect(resolveWorkerSettings().workerId).toContain(String(process.pid));
  });

  it.each([{ concurrency: 0 }, { ackWaitMs: 1.5 }, { maxDeliver: -1 }, { progressIntervalMs: -5 }, { workerId: ' ' }])(
    'rejects %j',
    (settings) => {
      expect(() => resolveWorkerSettings(settings)).toThrow(DiscoveryWorkerConfigError);
    },
  );
});

describe('discoveryWorkerSettingsFromEnv', () => {
  it('reads the variables that are set and leaves the others to the defaults', () => {
    expect(discoveryWorkerSettingsFromEnv({ DISCOVERY_ACK_WAIT_MS: '1500', DISCOVERY_CONCURRENCY: ' 4 ', DISCOVERY_MAX_DELIVER: '' })).toEqual({
      ackWaitMs: 1_500,
      concurrency: 4,
    });
    expect(discoveryWorkerSettingsFromEnv({ DISCOVERY_WORKER_ID: 'worker-a' })).toEqual({ workerId: 'worker-a' });
  });

  it('names the variable whose value is not a whole number', () => {
    expect(() => discoveryWorkerSettingsFromEnv({ DISCOVERY_PROGRESS_INTERVAL_MS: '1s' })).toThrow(/DISCOVERY_PROGRESS_INTERVAL_MS "1s"/);
  });
});
