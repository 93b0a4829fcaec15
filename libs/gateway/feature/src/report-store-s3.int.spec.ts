import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { S3BlobStore, reportStoreFromEnv } from '@strata/reports-feature';
import { freePort, runTypeScript, type RunningProcess } from '@strata/testing';

const CREDENTIALS = { accessKeyId: 'AKIAFIXTURE', secretAccessKey: 'secret' };

/** Reads a stored blob back whole. */
const bytesOf = async (stream: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

describe('S3BlobStore against the aws fixture server (tools/aws-fixture, its own process; S3 REST: PutObject, GetObject, HeadObject, DeleteObject)', () => {
  let fixture: RunningProcess;
  let url: string;
  let store: S3BlobStore;
  let bucket: { name: string; region: string };
  const storeAt = (prefix: string) => new S3BlobStore({ bucket: bucket.name, prefix, client: { endpoint: url, forcePathStyle: true, region: bucket.region, credentials: CREDENTIALS } });

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    fixture = runTypeScript({ name: 'aws fixture', file: 'tools/aws-fixture/main.ts', args: ['--port', String(port), '--size', '50', '--seed', 'reports-s3'] });
    await fixture.waitForOutput(/Listening on/);
    // A bucket of the fixture's estate, found as a client would: ListBuckets.
    const client = new S3Client({ endpoint: url, forcePathStyle: true, region: 'us-east-1', credentials: CREDENTIALS });
    const listed = await client.send(new ListBucketsCommand({}));
    client.destroy();
    const first = listed.Buckets![0]!;
    bucket = { name: first.Name!, region: first.BucketRegion ?? 'us-east-1' };
    store = storeAt('strata/reports');
  });

  afterAll(async () => {
    store?.close();
    await fixture?.kill();
  });

  it('stores a streamed file byte for byte (binary included), reads it back with its size, and deletes it', async () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, index) => (index * 31) % 256));
    const size = await store.put('acme/rpt-1.pdf', Readable.from([binary.subarray(0, 1000), binary.subarray(1000)]));
    expect(size).toBe(binary.length);
    expect(await store.exists('acme/rpt-1.pdf')).toBe(true);

    const blob = await store.get('acme/rpt-1.pdf');
    expect(blob?.size).toBe(binary.length);
    expect((await bytesOf(blob!.stream)).equals(binary)).toBe(true);

    await store.delete('acme/rpt-1.pdf');
    expect(await store.get('acme/rpt-1.pdf')).toBeUndefined();
    expect(await store.exists('acme/rpt-1.pdf')).toBe(false);
    await store.delete('acme/rpt-1.pdf'); // deleting what is gone is no error
  });

  it('keeps files under the prefix, so another prefix does not see them', async () => {
    await store.put('acme/rpt-2.json', Buffer.from('{"a":1}'));
    const other = storeAt('elsewhere');
    try {
      expect(await other.get('acme/rpt-2.json')).toBeUndefined();
      expect(await text((await store.get('acme/rpt-2.json'))!.stream)).toBe('{"a":1}');
    } finally {
      other.close();
    }
  });

  it('refuses keys that would leave the prefix', async () => {
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow(/invalid blob key/);
    await expect(store.get('/abs')).rejects.toThrow(/invalid blob key/);
  });

  it('is what STRATA_REPORT_STORE=s3://bucket/prefix selects, with the usual AWS env', async () => {
    const selected = reportStoreFromEnv({ STRATA_REPORT_STORE: `s3://${bucket.name}/strata/reports`, AWS_REGION: bucket.region, AWS_ENDPOINT_URL_S3: url, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey });
    expect(selected.location).toBe(`s3://${bucket.name}/strata/reports`);
    const blob = await selected.get('acme/rpt-2.json');
    expect(blob?.size).toBe(7);
    (selected as S3BlobStore).close();
    expect(() => reportStoreFromEnv({ STRATA_REPORT_STORE: 'ftp://x' })).toThrow(/STRATA_REPORT_STORE/);
    expect(() => reportStoreFromEnv({ STRATA_REPORT_STORE: 's3:///prefix' })).toThrow(/names no bucket/);
    expect(reportStoreFromEnv({ STRATA_DATA_DIR: '/var/lib/strata' }).location).toBe('file:///var/lib/strata/reports');
  });
});
