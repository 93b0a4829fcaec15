import type { MessagingClient } from '@strata/platform-messaging';
import { createLogger } from '@strata/platform-observability';
import { demoPlugin } from '@strata/plugins-demo';
import { DemoOnlyCredentialResolver } from '../credentials/demo-only-credential-resolver';
import { DiscoveryWorkerConfigError } from '../errors';
import { DiscoveryWorker, type DiscoveryWorkerOptions } from './discovery-worker';

// The constructor only checks its options; it does not touch the connection.
const messaging = {} as MessagingClient;
const options = (overrides: Partial<DiscoveryWorkerOptions>): DiscoveryWorkerOptions => ({
  messaging,
  plugins: [demoPlugin],
  credentialResolver: new DemoOnlyCredentialResolver(),
  logger: createLogger({ name: 'test', level: 'silent' }),
  ...overrides,
});

describe('DiscoveryWorker options', () => {
  it('refuses a worker without plugins, or with a plugin listed twice', () => {
    expect(() => new DiscoveryWorker(options({ plugins: [] }))).toThrow(DiscoveryWorkerConfigError);
    expect(() => new DiscoveryWorker(options({ plugins: [demoPlugin, demoPlugin] }))).toThrow(/plugin demo is listed twice/);
  });

  it('refuses a plugin id that cannot be a subject token', () => {
    expect(() => new DiscoveryWorker(options({ plugins: [{ ...demoPlugin, id: 'demo.v2' }] }))).toThrow(/cannot be used as a subject token/);
  });

  it('refuses unusable settings', () => {
    expect(() => new DiscoveryWorker(options({ concurrency: 0 }))).toThrow(DiscoveryWorkerConfigError);
  });

  it('takes the worker id it is given', () => {
    expect(new DiscoveryWorker(options({ workerId: 'w-7' })).workerId).toBe('w-7');
  });
});
