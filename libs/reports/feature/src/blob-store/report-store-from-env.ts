import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store';
import { FilesystemBlobStore } from './filesystem-blob-store';
import { S3BlobStore } from './s3-blob-store';

/**
 * The report files' store `STRATA_REPORT_STORE` names:
 * - unset, empty or `file`: `<STRATA_DATA_DIR or ./.strata>/reports`;
 * - `file:///an/absolute/dir`: that directory;
 * - `s3://bucket[/prefix]`: that bucket, with the SDK's usual settings (`AWS_REGION`,
 *   credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or the default chain), and
 *   `AWS_ENDPOINT_URL_S3` (or `AWS_ENDPOINT_URL`) for an S3-compatible store, addressed path-style.
 * Anything else stops the start.
 */
export function reportStoreFromEnv(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): BlobStore {
  const raw = (env['STRATA_REPORT_STORE'] ?? '').trim();
  if (raw === '' || raw === 'file') return new FilesystemBlobStore(resolve(cwd, env['STRATA_DATA_DIR'] || '.strata', 'reports'));
  if (raw.startsWith('file://')) return new FilesystemBlobStore(fileURLToPath(raw));
  if (raw.startsWith('s3://')) {
    const url = new URL(raw);
    if (!url.hostname) throw new Error(`STRATA_REPORT_STORE: "${raw}" names no bucket (s3://bucket/prefix)`);
    const endpoint = env['AWS_ENDPOINT_URL_S3'] || env['AWS_ENDPOINT_URL'];
    const accessKeyId = env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
    const sessionToken = env['AWS_SESSION_TOKEN'];
    return new S3BlobStore({
      bucket: url.hostname,
      prefix: decodeURIComponent(url.pathname),
      client: {
        ...(env['AWS_REGION'] ? { region: env['AWS_REGION'] } : {}),
        ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
        // Keys in this env are used as given; without them the SDK's default chain (profiles, roles).
        ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } } : {}),
      },
    });
  }
  throw new Error(`STRATA_REPORT_STORE: "${raw}" is neither file, file:///dir nor s3://bucket/prefix`);
}
