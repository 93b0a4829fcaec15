import type { IndexValue } from './collection-definition';
import { InvalidCursorError } from './errors';

/** The sort value and id of the last document of a page. */
export interface CursorPosition {
  readonly value: IndexValue | null;
  readonly id: string;
}

interface CursorPayload {
  /** Query id: the cursor is only valid for the query that issued it. */
  q: string;
  v: IndexValue | null;
  i: string;
}

const isCursorValue = (value: unknown): value is IndexValue | null =>
  value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));

export function encodeCursor(queryId: string, position: CursorPosition): string {
  const payload: CursorPayload = { q: queryId, v: position.value, i: position.id };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor: string, queryId: string): CursorPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this store issued');
  }
  if (payload === null || typeof payload !== 'object') throw new InvalidCursorError('the cursor is not one this store issued');
  const { q, v, i } = payload as Partial<Record<keyof CursorPayload, unknown>>;
  if (typeof q !== 'string' || typeof i !== 'string' || i.length === 0 || !isCursorValue(v)) {
    throw new InvalidCursorError('the cursor is not one this store issued');
  }
  if (q !== queryId) {
    throw new InvalidCursorError('the cursor belongs to another query (collection, tenant, filter or sort differ)');
  }
  return { value: v, id: i };
}
