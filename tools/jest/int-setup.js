// Integration and e2e tests talk to real servers and processes; give them room (per kind, since
// Jest's testTimeout is not a per-project option).
jest.setTimeout(Number(process.env.STRATA_TEST_TIMEOUT_MS ?? 60_000));
