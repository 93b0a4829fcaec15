import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { type EgressPolicy, refusalFor } from './address-policy';
import { EgressRefusedError } from './egress-refused-error';

/** Resolves a name to every address it has (node:dns `lookup` with `all: true` by default). */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

export interface SafeDispatcherOptions extends EgressPolicy {
  /** TCP (and TLS) connect timeout; default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Idle keep-alive socket lifetime; default 4 s. */
  readonly keepAliveTimeoutMs?: number;
  /** Name resolution; default node:dns lookup. Tests inject one to prove when it runs. */
  readonly resolve?: Resolver;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * An undici Agent that checks every connection it opens: a literal IP host before connecting, a
 * name after resolving it and before connecting, refusing when ANY of its addresses is not
 * allowed, and connecting only to the addresses it checked. The check runs per connection, not
 * per URL, so a name that changes what it resolves to (DNS rebinding) is caught. It does not
 * follow redirects: use `safeFetch`, which checks each hop.
 */
export class SafeDispatcher extends Agent {
  readonly policy: EgressPolicy;

  constructor(options: SafeDispatcherOptions) {
    const policy: EgressPolicy = { allowPrivate: options.allowPrivate, isAllowed: options.isAllowed };
    const resolve = options.resolve ?? systemResolver;
    const timeout = options.connectTimeoutMs ?? 10_000;
    const connect: buildConnector.connector = (opts, callback) => {
      const hostname = opts.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
      if (isIP(hostname) !== 0) {
        const reason = refusalFor({ address: hostname, hostname, port }, policy, 'is');
        if (reason) {
          queueMicrotask(() => callback(new EgressRefusedError(reason), null));
          return;
        }
      }
      // The lookup is bound to this connection's port, so `isAllowed` can allow one receiver exactly.
      const lookup = (name: string, lookupOptions: LookupOptions, cb: LookupCallback): void => {
        resolve(name).then(
          (addresses) => {
            if (addresses.length === 0) return cb(Object.assign(new Error(`no address for ${name}`), { code: 'ENOTFOUND' }), []);
            for (const { address } of addresses) {
              const reason = refusalFor({ address, hostname: name, port }, policy, 'resolves to');
              if (reason) return cb(new EgressRefusedError(reason), []);
            }
            const wanted = lookupOptions.family ? addresses.filter((a) => a.family === lookupOptions.family) : addresses;
            if (lookupOptions.all) return cb(null, [...wanted]);
            const first = wanted[0];
            if (!first) return cb(Object.assign(new Error(`no IPv${lookupOptions.family} address for ${name}`), { code: 'ENOTFOUND' }), []);
            cb(null, first.address, first.family);
          },
          (error: NodeJS.ErrnoException) => cb(error, []),
        );
      };
      return buildConnector({ timeout, lookup } as buildConnector.BuildOptions)(opts, callback);
    };
    super({ connect, keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000 });
    this.policy = policy;
  }
}

export function createSafeDispatcher(options: SafeDispatcherOptions): SafeDispatcher {
  return new SafeDispatcher(options);
}
