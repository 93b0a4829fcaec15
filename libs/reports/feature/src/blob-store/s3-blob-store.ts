import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { assertBlobKey, type BlobStore, type StoredBlob } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Prepended to every key (no leading or trailing `/`); empty for the bucket's root. */
  prefix?: string;
  /** The client's settings (region, endpoint, credentials); the SDK's defaults (AWS_* env) otherwise. */
  client?: S3ClientConfig;
}

/**
 * Report files in an S3 bucket, for the distributed topology (the gateway and the reporter on
 * different machines). A file is streamed to a temporary file first, then uploaded with its
 * length in one PutObject: a stream of unknown length would otherwise need a multipart upload
 * or be held in memory, and a failed upload leaves no object behind.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    // Checksums only where S3 requires them: a streamed body would otherwise be sent aws-chunked.
    this.client = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...options.client });
  }

  get location(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  async put(key: string, source: Readable | AsyncIterable<Buffer | string> | Buffer): Promise<number> {
    const objectKey = this.keyOf(key);
    if (Buffer.isBuffer(source)) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: source, ContentLength: source.length }));
      return source.length;
    }
    const dir = await mkdtemp(join(tmpdir(), 'strata-report-'));
    try {
      const file = join(dir, 'upload');
      await pipeline(source, createWriteStream(file));
      const { size } = await stat(file);
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: objectKey, Body: createReadStream(file), ContentLength: size }));
      return size;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async get(key: string): Promise<StoredBlob | undefined> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      const body = object.Body as Readable | undefined;
      if (!body) return undefined;
      return { size: object.ContentLength ?? 0, stream: body instanceof Readable ? body : Readable.from(body as AsyncIterable<Buffer>) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Whether the object exists (HeadObject). */
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
  }

  close(): void {
    this.client.destroy();
  }

  private keyOf(key: string): string {
    assertBlobKey(key);
    return this.prefix ? `${this.prefix}/${key}` : key;
  }
}

function isNotFound(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}
