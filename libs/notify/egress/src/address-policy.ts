import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Where a connection would go: the address it resolved to, and the name and port asked for. */
export interface EgressTarget {
  readonly address: string;
  readonly hostname: string;
  readonly port: number;
}

/**
 * Who may be reached. By default only public unicast addresses; `allowPrivate` (the platform's
 * `STRATA_WEBHOOK_ALLOW_PRIVATE`) also lets loopback, RFC 1918, CGNAT and IPv6 unique-local
 * through, never link-local (the cloud metadata address), unspecified, multicast or reserved ones.
 * `isAllowed` replaces the address rule entirely (tests allow exactly their receiver with it).
 */
export interface EgressPolicy {
  readonly allowPrivate: boolean;
  readonly isAllowed?: (target: EgressTarget) => boolean;
}

export type AddressVerdict = { readonly ok: true } | { readonly ok: false; readonly kind: string };

const PRIVATE_KINDS = new Set(['loopback', 'private', 'carrierGradeNat', 'uniqueLocal']);

const DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private (RFC 1918) address',
  carrierGradeNat: 'a carrier-grade NAT (RFC 6598) address',
  uniqueLocal: 'an IPv6 unique-local address',
  linkLocal: 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  reserved: 'a reserved address',
};

/** The ipaddr.js range of an address, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) judged as its IPv4. */
export function addressKind(address: string): string {
  return effective(address).range();
}

/** An IPv4-mapped IPv6 address as the IPv4 address it carries; any other as itself. */
function effective(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/** Whether an address (a literal IP) may be reached under the platform rule alone. */
export function classifyAddress(address: string, allowPrivate: boolean): AddressVerdict {
  if (isIP(address) === 0) return { ok: false, kind: 'not an IP address' };
  const kind = addressKind(address);
  if (kind === 'unicast') return { ok: true };
  if (allowPrivate && PRIVATE_KINDS.has(kind)) return { ok: true };
  return { ok: false, kind };
}

/** A human sentence for a refused kind, e.g. `a link-local address (cloud metadata)`. */
export function describeKind(kind: string, address: string): string {
  if (kind === 'linkLocal' && effective(address).toString() === '169.254.169.254') {
    return 'a link-local address (cloud metadata)';
  }
  return DESCRIPTIONS[kind] ?? `a special-purpose address (${kind})`;
}

/** Null when the target is allowed, else why not (`host resolves to ...: refused`). */
export function refusalFor(target: EgressTarget, policy: EgressPolicy, verb: 'is' | 'resolves to'): string | null {
  if (policy.isAllowed) {
    return policy.isAllowed(target) ? null : `host ${verb} ${target.address} (port ${target.port}), which this dispatcher does not allow: refused`;
  }
  const verdict = classifyAddress(target.address, policy.allowPrivate);
  if (verdict.ok) return null;
  const hint = PRIVATE_KINDS.has(verdict.kind) ? ' (set STRATA_WEBHOOK_ALLOW_PRIVATE=true to allow private targets)' : '';
  const carried = isIP(target.address) === 6 ? effective(target.address) : null;
  const shown = carried?.kind() === 'ipv4' ? `${target.address} (${carried.toString()})` : target.address;
  return `host ${verb} ${shown}, ${describeKind(verdict.kind, target.address)}: refused${hint}`;
}
