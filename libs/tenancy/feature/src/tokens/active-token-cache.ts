import type { ApiTokenRecord } from '../storage/tenancy-collections';

/**
 * How long a token found live may be used without reading it again. Another process (or another
 * app on the same data file) that revokes it is obeyed within this long: the entry was read
 * before the revocation was written, so it expires at most this long after it.
 */
export const ACTIVE_TOKEN_TTL_MS = 1000;
/** Bound on the entries held (a few MB at most); the oldest go first. */
export const ACTIVE_TOKEN_CACHE_SIZE = 10_000;

/**
 * Live API tokens recently read, keyed by the token's sha256 hash (the token itself is never held
 * here, so it cannot leak through a heap dump of the cache or a log of its keys). Only tokens found
 * live are kept: unknown and revoked ones are read every time, so a caller sending made-up tokens
 * can neither evict live ones nor have a revoked one outlive its revocation. Each entry lives at
 * most {@link ACTIVE_TOKEN_TTL_MS}; a revocation in this process forgets it at once.
 */
export class ActiveTokenCache {
  private readonly entries = new Map<string, { record: ApiTokenRecord; expiresAt: number }>();

  constructor(
    private readonly ttlMs = ACTIVE_TOKEN_TTL_MS,
    private readonly maxEntries = ACTIVE_TOKEN_CACHE_SIZE,
    /** Monotonic milliseconds: a wall clock set back would stretch the TTL. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The live record read under this hash less than the TTL ago, if any. */
  get(hash: string): ApiTokenRecord | undefined {
    const entry = this.entries.get(hash);
    if (entry === undefined) return undefined;
    if (this.now() < entry.expiresAt) return entry.record;
    this.entries.delete(hash);
    return undefined;
  }

  /**
   * Remembers a record found live, from `readAt` (taken before the read began, so that the entry
   * cannot outlive a revocation written while it was being read).
   */
  remember(hash: string, record: ApiTokenRecord, readAt: number): void {
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { record, expiresAt: readAt + this.ttlMs });
  }

  /** The clock the entries' ages are measured on; read it before looking a token up in the store. */
  time(): number {
    return this.now();
  }

  forget(hash: string): void {
    this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}
