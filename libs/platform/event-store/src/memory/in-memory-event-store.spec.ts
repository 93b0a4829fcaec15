import { describeEventStoreContract } from '../testing/event-store-contract';
import { InMemoryEventStore } from './in-memory-event-store';

let shared: InMemoryEventStore | undefined;

// Each test's first open makes a fresh store; further opens in it are other connections to it.
beforeEach(() => {
  shared = undefined;
});

describeEventStoreContract(
  'in-memory',
  async () => {
    if (!shared) {
      shared = new InMemoryEventStore();
      return shared;
    }
    return shared.connect();
  },
  { uniqueEventIds: true },
);
