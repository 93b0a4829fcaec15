import { EVENT_TYPES } from '@strata/contracts';

const SEGMENT = /^(\*|[A-Za-z][A-Za-z0-9_]*)$/;
/** Patterns one `type` filter may hold (each expands to at most every catalogued type anyway). */
export const MAX_TYPE_PATTERNS = 50;

/** Whether `type` (`finding.FindingOpened`) is selected by `pattern`: the type itself, `*` for a whole segment (`finding.*`, `*.JobFailed`, `*.*`), or `*` alone for every type. */
export function eventTypeMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  const wanted = pattern.split('.');
  const actual = type.split('.');
  return wanted.length === actual.length && wanted.every((segment, index) => segment === '*' || segment === actual[index]);
}

export type EventTypeFilter =
  /** Every event, whatever its type (no filter, or a pattern that selects everything). */
  | { kind: 'all' }
  /** The events of exactly these types. */
  | { kind: 'types'; types: readonly string[] };

/** A `type` filter that cannot be applied; `problems` say why, one per bad pattern. */
export class InvalidEventTypeFilterError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'InvalidEventTypeFilterError';
  }
}

/**
 * Reads a feed's `type` filter: comma-separated patterns, each a catalogued type or a pattern with
 * `*` for whole segments. Wildcards are expanded over the event catalog, so the store filters on
 * exact types; a pattern that matches no catalogued type is refused (a typo would otherwise be an
 * empty feed forever). `knownTypes` defaults to the catalog's.
 */
export function parseEventTypeFilter(raw: string | undefined, knownTypes: readonly string[] = EVENT_TYPES): EventTypeFilter {
  if (raw === undefined) return { kind: 'all' };
  const patterns = raw.split(',').map((pattern) => pattern.trim());
  if (patterns.length > MAX_TYPE_PATTERNS) throw new InvalidEventTypeFilterError([`at most ${MAX_TYPE_PATTERNS} patterns`]);
  const problems: string[] = [];
  const selected = new Set<string>();
  let everything = false;
  for (const pattern of patterns) {
    const segments = pattern.split('.');
    if (pattern !== '*' && (segments.length !== 2 || !segments.every((segment) => SEGMENT.test(segment)))) {
      problems.push(`"${pattern}" is not an event type: write <category>.<Name>, with "*" for a whole segment (finding.*, *.JobFailed) or "*" for all`);
      continue;
    }
    if (pattern === '*' || pattern === '*.*') everything = true;
    const matches = knownTypes.filter((type) => eventTypeMatches(pattern, type));
    if (matches.length === 0) problems.push(`"${pattern}" matches no known event type (GET /api/v1/events/types lists them)`);
    for (const type of matches) selected.add(type);
  }
  if (problems.length > 0) throw new InvalidEventTypeFilterError(problems);
  return everything ? { kind: 'all' } : { kind: 'types', types: knownTypes.filter((type) => selected.has(type)) };
}
