import type { Sighting } from './sighting';

/**
 * Whether a finished job's complete view of a scope, begun at `since` (ms since the epoch; none
 * known: `Infinity`), says an active record of that scope is gone: its latest sighting is older
 * than the view. The same rule removes nodes and, between nodes that both remain, edges: the
 * latest observation wins, so any later sighting (another job, a redone run) restores it.
 */
export function unseenSince(record: Pick<Sighting, 'status' | 'last_seen'>, since: number): boolean {
  return record.status === 'active' && Date.parse(record.last_seen) < since;
}
