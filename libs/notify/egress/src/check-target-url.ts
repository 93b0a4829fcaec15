import { isIP } from 'node:net';
import { type EgressPolicy, refusalFor } from './address-policy';

export type TargetCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly reason: string };

/** A URL's hostname as an address or a name: `[::1]` → `::1`. */
export function hostOf(url: URL): string {
  return url.hostname.startsWith('[') && url.hostname.endsWith(']') ? url.hostname.slice(1, -1) : url.hostname;
}

export function defaultPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * Whether a webhook URL may be used, without any I/O: http(s) only, no credentials, a host, and a
 * literal IP host must be a public address (or allowed by the policy). A name is checked when it
 * is resolved, at every connection (`createSafeDispatcher`).
 */
export function checkTargetUrl(input: string | URL, policy: EgressPolicy): TargetCheck {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol.replace(/:$/, '')} is not allowed: only http and https` };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials in the URL are not allowed: use the webhook secret' };
  }
  const host = hostOf(url);
  if (host === '') return { ok: false, reason: 'the URL has no host' };
  if (isIP(host) !== 0) {
    const reason = refusalFor({ address: host, hostname: host, port: defaultPort(url) }, policy, 'is');
    if (reason) return { ok: false, reason };
  }
  return { ok: true, url };
}
