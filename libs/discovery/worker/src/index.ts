export {
  DiscoveryWorker,
  type AnyDiscoveryPlugin,
  type DiscoveryWorkerOptions,
} from './worker/discovery-worker';
export {
  DISCOVERY_WORKER_DEFAULTS,
  discoveryWorkerSettingsFromEnv,
  resolveWorkerSettings,
  type DiscoveryWorkerSettings,
} from './worker/worker-settings';
export { DiscoveryWorkerModule, type DiscoveryWorkerModuleAsyncOptions, type DiscoveryWorkerModuleOptions } from './nest/discovery-worker.module';
export { DemoOnlyCredentialResolver } from './credentials/demo-only-credential-resolver';
export { DiscoveryWorkerConfigError, DiscoveryWorkerError, PluginRunRetryError } from './errors';
export { DISCOVERY_THREAD_LOOP, DiscoveryWorkerThread, type DiscoveryWorkerThreadOptions } from './thread/discovery-worker-thread';
export { runDiscoveryWorkerThread, type DiscoveryWorkerThreadProgram } from './thread/run-discovery-worker-thread';
