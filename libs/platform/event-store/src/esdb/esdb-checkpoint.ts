import type { Position } from '@kurrent/kurrentdb-client';
import { InvalidCheckpointError } from '../errors';
import type { Checkpoint } from '../event-store';

// An EventStoreDB checkpoint is the event's log position, "<commit>:<prepare>" in decimal.

export function encodeEsdbCheckpoint({ commit, prepare }: Position): Checkpoint {
  return `${commit}:${prepare}`;
}

export function decodeEsdbCheckpoint(checkpoint: Checkpoint): Position {
  const match = /^(\d{1,20}):(\d{1,20})$/.exec(checkpoint);
  if (!match?.[1] || !match[2]) throw new InvalidCheckpointError(checkpoint);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function compareEsdbCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const left = decodeEsdbCheckpoint(a);
  const right = decodeEsdbCheckpoint(b);
  if (left.commit !== right.commit) return left.commit < right.commit ? -1 : 1;
  if (left.prepare !== right.prepare) return left.prepare < right.prepare ? -1 : 1;
  return 0;
}
