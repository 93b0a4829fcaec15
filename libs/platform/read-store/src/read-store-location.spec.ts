import { InvalidReadStoreConfigError } from './errors';
import { parseReadStoreLocation, readStoreLocationFromEnv } from './read-store-location';

describe('read store location', () => {
  const cwd = '/srv/app';

  it.each([
    [undefined, {}, '/srv/app/.strata/strata.db'],
    ['', {}, '/srv/app/.strata/strata.db'],
    ['sqlite', {}, '/srv/app/.strata/strata.db'],
    ['sqlite', { STRATA_DATA_DIR: '/var/lib/strata' }, '/var/lib/strata/strata.db'],
    [undefined, { STRATA_DATA_DIR: 'data' }, '/srv/app/data/strata.db'],
    ['sqlite:/abs/read.db', { STRATA_DATA_DIR: '/ignored' }, '/abs/read.db'],
    ['sqlite:rel/read.db', {}, '/srv/app/rel/read.db'],
    ['sqlite::memory:', {}, ':memory:'],
  ])('%j with %j is the SQLite file %s', (value, env, path) => {
    expect(parseReadStoreLocation(value, env, cwd)).toEqual({ kind: 'sqlite', path });
  });

  it.each([
    ['mongodb://localhost:27017', 'strata'],
    ['mongodb://localhost:27017/', 'strata'],
    ['mongodb://user:p%40ss@h1:27017,h2:27017/inventory?replicaSet=rs0', 'inventory'],
    ['mongodb+srv://cluster0.example.net/read_models?retryWrites=true', 'read_models'],
    ['mongodb://localhost/?authSource=admin', 'strata'],
    ['mongodb://localhost/my%2Ddb', 'my-db'],
  ])('%s is MongoDB database %s', (url, database) => {
    expect(parseReadStoreLocation(url, {}, cwd)).toEqual({ kind: 'mongo', url, database });
  });

  it.each(['sqlite:', 'postgres://u:secret@db/x', 'mongodb://h/bad.name', 'mongodb://h/%E0%A4%A', '/just/a/path'])(
    'refuses %j without echoing credentials',
    (value) => {
      const parse = () => parseReadStoreLocation(value, {}, cwd);
      expect(parse).toThrow(InvalidReadStoreConfigError);
      expect(parse).not.toThrow(/secret/);
    },
  );

  it('reads STRATA_READ_STORE from the environment', () => {
    expect(readStoreLocationFromEnv({ STRATA_READ_STORE: 'mongodb://db/strata_test' }, cwd)).toEqual({
      kind: 'mongo',
      url: 'mongodb://db/strata_test',
      database: 'strata_test',
    });
  });
});
