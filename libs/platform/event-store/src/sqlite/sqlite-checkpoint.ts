import { InvalidCheckpointError } from '../errors';
import type { Checkpoint } from '../event-store';

// A SQLite checkpoint is the event's global position (its rowid) in decimal.

export function encodeSqliteCheckpoint(globalPosition: number): Checkpoint {
  return String(globalPosition);
}

/** 0 (before every event) when there is no checkpoint. */
export function decodeSqliteCheckpoint(checkpoint: Checkpoint | undefined): number {
  if (checkpoint === undefined) return 0;
  const position = /^\d{1,16}$/.test(checkpoint) ? Number(checkpoint) : Number.NaN;
  if (!Number.isSafeInteger(position)) throw new InvalidCheckpointError(checkpoint);
  return position;
}
