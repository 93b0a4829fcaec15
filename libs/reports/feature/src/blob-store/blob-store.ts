import type { Readable } from 'node:stream';

/** A stored file: its bytes as a stream, and how many there are. */
export interface StoredBlob {
  size: number;
  stream: Readable;
}

/**
 * Where report files live. Keys are `<tenant>/<report>.<ext>`: relative, `/`-separated, made of
 * ids only. Implementations: {@link FilesystemBlobStore} (under the data directory) and
 * {@link S3BlobStore}.
 */
export interface BlobStore {
  /** Stores `source` under `key` (replacing any file there), streaming it; answers its size in bytes. */
  put(key: string, source: Readable | AsyncIterable<Buffer | string> | Buffer): Promise<number>;
  /** The file, or undefined when there is none. */
  get(key: string): Promise<StoredBlob | undefined>;
  /** Deletes the file; no error when there is none. */
  delete(key: string): Promise<void>;
  /** Where files go, for logs (`file:///...`, `s3://bucket/prefix`). */
  readonly location: string;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

/** Refuses keys that could leave the store's root (`..`, absolute paths). */
export function assertBlobKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part === '.')) throw new Error(`invalid blob key "${key}"`);
  return key;
}
