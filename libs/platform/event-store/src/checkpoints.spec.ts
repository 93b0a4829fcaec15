import { decodeEsdbCheckpoint, encodeEsdbCheckpoint } from './esdb/esdb-checkpoint';
import { InvalidCheckpointError } from './errors';
import { decodeSqliteCheckpoint, encodeSqliteCheckpoint } from './sqlite/sqlite-checkpoint';

describe('sqlite checkpoints', () => {
  it('round-trip a global position and start before everything without one', () => {
    expect(decodeSqliteCheckpoint(encodeSqliteCheckpoint(42))).toBe(42);
    expect(decodeSqliteCheckpoint(undefined)).toBe(0);
  });

  it.each(['', '-1', '1.5', 'abc', '123:456', '99999999999999999'])('refuse %j', (checkpoint) => {
    expect(() => decodeSqliteCheckpoint(checkpoint)).toThrow(InvalidCheckpointError);
  });
});

describe('esdb checkpoints', () => {
  it('round-trip commit and prepare positions beyond 2^53', () => {
    const position = { commit: 2n ** 60n + 1n, prepare: 2n ** 60n };
    expect(decodeEsdbCheckpoint(encodeEsdbCheckpoint(position))).toEqual(position);
  });

  it.each(['', '42', '1:-2', 'a:b', '1:2:3'])('refuse %j', (checkpoint) => {
    expect(() => decodeEsdbCheckpoint(checkpoint)).toThrow(InvalidCheckpointError);
  });
});
