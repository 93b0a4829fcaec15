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
