import { randomBytes } from 'node:crypto';

/**
 * A namespace no other suite or run uses: the machine's NATS server is shared by every test run
 * (CI included), so each suite prefixes its streams and subjects with its own.
 */
export function uniqueNamespace(label = 't'): string {
  const clean = label.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12) || 't';
  return `${clean}${randomBytes(5).toString('hex')}`;
}
