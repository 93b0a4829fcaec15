// What the tenancy context publishes for other contexts' apps: the tenants' limits (inventory
// enforces max_nodes) and the tenant record they are read from.
export * from './tenant-record';
export * from './tenant-limits';
