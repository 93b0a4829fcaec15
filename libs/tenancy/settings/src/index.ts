// What the tenancy context publishes about tenants' settings, for any service to read: the
// settings' schemas and defaults, the rules that merge a change in, the scan policy in effect for
// a provider, the exchange-rate table and conversion, and the reader over the read store.
export * from './exchange-rates';
export * from './general-settings';
export * from './scan-policy';
export * from './changed-paths';
export * from './settings-views';
export * from './tenant-settings-store';
export * from './settings-changed-event';
export * from './tenant-money';
