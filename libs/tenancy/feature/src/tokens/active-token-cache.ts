import type { ApiTokenRecord } from '../storage/tenancy-collections';

/**
 * How long a token found live may be used without reading it again. Another process (or another
 * app on the same data file) that revokes it is obeyed within this long: the entry was read
 * before the revocation was written, so it expires at most this long after it.
 */
export const ACTIVE_TOKEN_TTL_MS = 1000;
/** Bound on the entries held (a few MB at most); the oldest go first. */
export const ACTIVE_TOKEN_CACHE_SIZE = 10_000;

/** When a store read of a token began, for {@link ActiveTokenCache.remember}. */
export interface ReadStart {
  at: number;
  revocations: number;
}

/**
 * Live API tokens recently read, keyed by the token's sha256 hash (the token itself is never held
 * here, so it cannot leak through a heap dump of the cache or a log of its keys). Only tokens found
 * live are kept: unknown and revoked ones are read every time, so a caller sending made-up tokens
 * can neither evict live ones nor have a revoked one outlive its revocation. Each entry lives at
 * most {@link ACTIVE_TOKEN_TTL_MS}; a revocation in this process forgets it at once.
 */
export class ActiveTokenCache {
  private readonly entries = new Map<string, { record: ApiTokenRecord; expiresAt: number }>();
  /** Counts revocations seen here: a read that began before one is not remembered (it may predate it). */
  private revocations = 0;

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
   * Remembers a record found live by a read that began at `read` (from {@link begin}): its TTL
   * counts from then, so the entry cannot outlive a revocation written elsewhere while it was being
   * read; and nothing is remembered when this process revoked a token meanwhile.
   */
  remember(hash: string, record: ApiTokenRecord, read: ReadStart): void {
    if (read.revocations !== this.revocations) return;
    this.entries.delete(hash);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(hash, { record, expiresAt: read.at + this.ttlMs });
  }

  /** Call before reading a token from the store; pass the result to {@link remember}. */
  begin(): ReadStart {
    return { at: this.now(), revocations: this.revocations };
  }

  /** The token with this hash was revoked here: forgotten, and reads begun before now not remembered. */
  forget(hash: string): void {
    this.revocations++;
    this.entries.delete(hash);
  }

  get size(): number {
    return this.entries.size;
  }
}
