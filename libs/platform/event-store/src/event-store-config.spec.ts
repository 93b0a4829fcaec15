import { InvalidEventStoreConfigError } from './errors';
import { eventStoreConfigFromEnv } from './event-store-config';

describe('eventStoreConfigFromEnv', () => {
  const cwd = '/srv/strata';

  it.each([
    [{}, '/srv/strata/.strata/strata.db'],
    [{ STRATA_EVENT_STORE: '' }, '/srv/strata/.strata/strata.db'],
    [{ STRATA_EVENT_STORE: 'sqlite' }, '/srv/strata/.strata/strata.db'],
    [{ STRATA_DATA_DIR: '/var/lib/strata' }, '/var/lib/strata/strata.db'],
    [{ STRATA_EVENT_STORE: 'sqlite', STRATA_DATA_DIR: 'data' }, '/srv/strata/data/strata.db'],
    [{ STRATA_EVENT_STORE: 'sqlite:/abs/events.db', STRATA_DATA_DIR: '/ignored' }, '/abs/events.db'],
    [{ STRATA_EVENT_STORE: 'sqlite:relative/events.db' }, '/srv/strata/relative/events.db'],
  ])('reads %j as SQLite at %s', (env, path) => {
    expect(eventStoreConfigFromEnv(env, cwd)).toEqual({ kind: 'sqlite', path });
  });

  it.each([
    'esdb://localhost:2113?tls=false',
    'kurrentdb://admin:changeit@db1:2113,db2:2113?tls=true',
    'kurrentdb+discover://cluster.internal:2113',
    'esdb+discover://cluster.internal:2113',
    'kdb://localhost:2113',
  ])('passes %s to the EventStoreDB adapter unchanged', (connectionString) => {
    expect(eventStoreConfigFromEnv({ STRATA_EVENT_STORE: connectionString }, cwd)).toEqual({ kind: 'esdb', connectionString });
  });

  it.each(['sqlite:', 'mongodb://db:27017', 'postgres', 'esdb:/missing-slashes'])('refuses %j', (value) => {
    expect(() => eventStoreConfigFromEnv({ STRATA_EVENT_STORE: value }, cwd)).toThrow(InvalidEventStoreConfigError);
  });

  it('does not repeat a URL that may hold credentials', () => {
    expect(() => eventStoreConfigFromEnv({ STRATA_EVENT_STORE: 'mongodb://user:secret@db' }, cwd)).toThrow(
      /^(?!.*secret).*a mongodb:\/\/ URL/,
    );
  });
});
