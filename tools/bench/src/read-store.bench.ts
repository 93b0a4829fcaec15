import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { defineCollection, openSqliteReadStore, type DocumentEntry } from '@strata/platform-read-store';
import { immediateTransaction, openSqlite } from '@strata/platform-sqlite';
import { measureRate, printComparisons } from './measure';

/**
 * SQLite read store bulk upserts against the floor: the same rows, with the same JSON text
 * already serialized, written by plain node:sqlite into a `(tenant, id, doc)` table with only its
 * primary key, in a file opened with the same pragmas (the store's page cache included), one
 * transaction per batch. The gap is what the store adds: validation, JSON encoding and four
 * generated-column indexes kept up to date.
 */
const DOCUMENTS = 50_000;
const BATCH_SIZE = 1_000;
const CACHE_SIZE_MIB = 64;
const TENANT = 'acme-corp';

interface InventoryNode {
  id: string;
  type: string;
  provider: string;
  account: string;
  region: string;
  name: string;
  tags: Record<string, string>;
  attributes: Record<string, string | number | boolean>;
}

const inventoryNodes = defineCollection<InventoryNode>({
  name: 'bench_nodes',
  indexes: { type: 'string', provider: 'string', account: 'string', region: 'string' },
});

const TYPES = ['aws.ec2.instance', 'aws.ebs.volume', 'aws.vpc', 'aws.s3.bucket', 'aws.iam.role', 'aws.lambda.function'];
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-2'];

function inventoryNode(i: number, revision: number): DocumentEntry<InventoryNode> {
  const type = TYPES[i % TYPES.length] ?? 'aws.ec2.instance';
  const region = REGIONS[i % REGIONS.length] ?? 'eu-west-1';
  const account = String(123_456_789_000 + (i % 12));
  const id = `arn:aws:${type.split('.')[1]}:${region}:${account}:resource/r-${i.toString(16).padStart(12, '0')}`;
  return {
    id,
    doc: {
      id,
      type,
      provider: 'aws',
      account,
      region,
      name: `node-${i}`,
      tags: { env: i % 3 === 0 ? 'prod' : 'staging', team: 'platform', 'cost-center': `cc-${i % 40}` },
      attributes: { state: 'running', cpu: 2 + (i % 8), encrypted: i % 2 === 0, revision },
    },
  };
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing measurement');
  return value;
}

function batchesOf<T>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) batches.push(items.slice(start, start + BATCH_SIZE));
  return batches;
}

type Rows = readonly (readonly [id: string, json: string])[];

const serialized = (batches: DocumentEntry<InventoryNode>[][]): Rows[] =>
  batches.map((batch) => batch.map(({ id, doc }) => [id, JSON.stringify(doc)] as const));

interface PlainTable {
  db: DatabaseSync;
  insert(rows: Rows): void;
  upsert(rows: Rows): void;
}

function plainTable(file: string): PlainTable {
  const db = openSqlite(file);
  db.exec(`PRAGMA cache_size = ${-CACHE_SIZE_MIB * 1024}`);
  db.exec('CREATE TABLE plain (tenant TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (tenant, id))');
  const writer = (sql: string) => {
    const statement = db.prepare(sql);
    return (rows: Rows) =>
      immediateTransaction(db, () => {
        for (const [id, json] of rows) statement.run(TENANT, id, json);
      });
  };
  return {
    db,
    insert: writer('INSERT INTO plain (tenant, id, doc) VALUES (?, ?, ?)'),
    upsert: writer(
      'INSERT INTO plain (tenant, id, doc) VALUES (?, ?, ?) ON CONFLICT (tenant, id) DO UPDATE SET doc = excluded.doc',
    ),
  };
}

/** The read store's own table (generated columns, indexes), then written to with plain SQL. */
async function sameSchemaTable(file: string): Promise<PlainTable> {
  const setup = openSqliteReadStore(file);
  setup.collection(inventoryNodes);
  await setup.close();
  const db = openSqlite(file);
  db.exec(`PRAGMA cache_size = ${-CACHE_SIZE_MIB * 1024}`);
  const insert = db.prepare('INSERT INTO rs_bench_nodes (tenant, id, doc) VALUES (?, ?, ?)');
  const write = (rows: Rows) =>
    immediateTransaction(db, () => {
      for (const [id, json] of rows) insert.run(TENANT, id, json);
    });
  return { db, insert: write, upsert: write };
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'strata-bench-read-store-'));
  try {
    const created = batchesOf(Array.from({ length: DOCUMENTS }, (_, i) => inventoryNode(i, 1)));
    const changed = batchesOf(Array.from({ length: DOCUMENTS }, (_, i) => inventoryNode(i, 2)));
    const [rawCreated, rawChanged] = [serialized(created), serialized(changed)];

    // Warm both paths up on throw-away files so neither pays for JIT compilation in its figure.
    const warmStore = openSqliteReadStore(join(dir, 'warm-store.db'), { cacheSizeMiB: CACHE_SIZE_MIB });
    const warmPlain = plainTable(join(dir, 'warm-plain.db'));
    for (const batch of created.slice(0, 3)) await warmStore.collection(inventoryNodes).forTenant(TENANT).bulkUpsert(batch);
    for (const rows of rawCreated.slice(0, 3)) warmPlain.insert(rows);
    await warmStore.close();
    warmPlain.db.close();

    const plain = plainTable(join(dir, 'plain.db'));
    const store = openSqliteReadStore(join(dir, 'read-store.db'), { cacheSizeMiB: CACHE_SIZE_MIB });
    const nodes = store.collection(inventoryNodes).forTenant(TENANT);
    const upsertAll = (batches: DocumentEntry<InventoryNode>[][]) => async () => {
      for (const batch of batches) await nodes.bulkUpsert(batch);
    };

    const comparisons = [
      {
        baseline: await measureRate('node:sqlite INSERT, PK only', DOCUMENTS, () => rawCreated.forEach(plain.insert)),
        subject: await measureRate(`bulkUpsert ×${BATCH_SIZE}, new documents`, DOCUMENTS, upsertAll(created)),
      },
      {
        baseline: await measureRate('node:sqlite UPSERT, PK only', DOCUMENTS, () => rawChanged.forEach(plain.upsert)),
        subject: await measureRate(`bulkUpsert ×${BATCH_SIZE}, changed documents`, DOCUMENTS, upsertAll(changed)),
      },
      {
        baseline: await measureRate('node:sqlite UPSERT, PK only', DOCUMENTS, () => rawChanged.forEach(plain.upsert)),
        subject: await measureRate(`bulkUpsert ×${BATCH_SIZE}, unchanged documents`, DOCUMENTS, upsertAll(changed)),
      },
    ];

    const sameSchema = await sameSchemaTable(join(dir, 'same-schema.db'));
    const sameSchemaInserts = await measureRate('node:sqlite INSERT, same schema', DOCUMENTS, () =>
      rawCreated.forEach(sameSchema.insert),
    );
    sameSchema.db.close();

    const expectedVms = Math.ceil(DOCUMENTS / TYPES.length);
    if ((await nodes.count({ type: 'aws.ec2.instance' })) !== expectedVms) {
      throw new Error('the read store does not hold the documents the benchmark wrote');
    }
    await store.close();
    plain.db.close();

    printComparisons(
      `SQLite read store: ${DOCUMENTS.toLocaleString('en-US')} inventory nodes, 4 indexed fields (documents/s)`,
      comparisons,
    );
    // Splits the first gap: what the four indexes cost SQLite itself, and what the store adds on top.
    printComparisons('The same new documents against plain SQL into the same table and indexes', [
      { subject: defined(comparisons[0]).subject, baseline: sameSchemaInserts },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
