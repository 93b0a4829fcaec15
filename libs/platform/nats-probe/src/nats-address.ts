export interface NatsAddress {
  /** As written in the URL (`[::1]` bracketed), to tell local addresses. */
  hostname: string;
  /** For sockets and nats-server's `-a` (`::1` without brackets). */
  host: string;
  port: string;
}

/**
 * `url`'s host and port (a bare `host:port` is read as `nats://host:port`), parsed in NATS's own
 * scheme, which has no default port that URL parsing would drop (as `http:` drops 80).
 * Undefined when `url` is not a URL at all.
 */
export function natsAddress(url: string): NatsAddress | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.includes('://') ? url : `nats://${url}`);
  } catch {
    return undefined;
  }
  return { hostname: parsed.hostname, host: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port || '4222' };
}
