import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { SEVERITIES, SEVERITY_RANK, type FindingRecord } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { SqliteReadStore } from '@strata/platform-read-store';
import { openSqlite } from '@strata/platform-sqlite';
import { makeTempDir, type TempDir } from '@strata/testing';
import { FindingsCatalog, TenantCatalogs } from '../findings-catalog';
import { listFindingsQuerySchema } from '../findings-api.schemas';
import { FindingListing } from './finding-listing';

interface Executed {
  sql: string;
  params: SQLInputValue[];
}

/** The database, recording every statement the read store runs through it. */
function recording(db: DatabaseSync, executed: Executed[]): DatabaseSync {
  const forward = <T extends object>(target: T, prop: string | symbol) => {
    const value: unknown = Reflect.get(target, prop, target);
    return typeof value === 'function' ? value.bind(target) : value;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop !== 'prepare') return forward(target, prop);
      return (sql: string) =>
        new Proxy(target.prepare(sql), {
          get(statement: StatementSync, method) {
            // Pages are read with `iterate` (stepped through in slices), other reads with `all`.
            if (method !== 'all' && method !== 'iterate') return forward(statement, method);
            return (...params: SQLInputValue[]) => {
              executed.push({ sql, params });
              return method === 'all' ? statement.all(...params) : statement.iterate(...params);
            };
          },
        });
    },
  });
}

function finding(i: number): FindingRecord {
  const severity = SEVERITIES[i % SEVERITIES.length]!;
  const at = new Date(Date.UTC(2026, 10, 20, 10, i % 50)).toISOString();
  return {
    rule_id: `rule-${i % 12}`, node_id: `n-${i}`, node_type: `demo.t${i % 4}`, node_name: `n-${i}`, account: `a${i % 3}`, region: `r${i % 2}`, scope: 'demo:1',
    kind: i % 3 === 0 ? 'cost' : 'compliance', severity, severity_rank: SEVERITY_RANK[severity], title: 't', reason: 'r',
    monthly_savings_usd: i % 3 === 0 ? i : null, savings_note: null, frameworks: [], status: i % 5 === 0 ? 'resolved' : i % 7 === 0 ? 'muted' : 'open', mute: null,
    first_seen: at, opened_at: at, updated_at: at, resolved_at: null, opened_in_job: `job-${i % 4}`, resolved_in_job: null, history: [],
  };
}

describe('Findings list queries read one index in order (EXPLAIN QUERY PLAN)', () => {
  let dir: TempDir;
  let raw: DatabaseSync;
  let store: SqliteReadStore;
  const executed: Executed[] = [];

  beforeAll(async () => {
    dir = await makeTempDir();
    raw = openSqlite(join(dir.path, 'strata.db'));
    store = new SqliteReadStore(recording(raw, executed));
    await store.collection(findingsCollection).forTenant('acme').bulkUpsert(Array.from({ length: 600 }, (_, i) => ({ id: `rule-${i % 12}:n-${i}`, doc: finding(i) })));
  });

  afterAll(async () => {
    await store.close();
    raw.close();
    await dir.remove();
  });

  /** The plans of the page reads (not the total and savings reads) of a list. */
  async function pagePlans(read: () => Promise<unknown>, limit: number): Promise<string[]> {
    executed.length = 0;
    await read();
    return executed
      .filter(({ sql, params }) => sql.startsWith('SELECT id, doc FROM') && !sql.includes('monthly_savings_usd" >') && params[params.length - 1] === limit + 1)
      .map(({ sql, params }) => raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params).map((row) => String(row['detail'])).join(' | '));
  }

  it.each<[string, Record<string, string>, string]>([
    ['open, by severity (the default)', {}, 'rs_findings.doc.status+doc.severity_rank'],
    ['open, by savings', { sort: 'estimated_monthly_savings' }, 'rs_findings.doc.status+doc.monthly_savings_usd'],
    ['open, by opened_at', { sort: 'opened_at' }, 'rs_findings.doc.status+doc.opened_at'],
    ['muted, by severity', { status: 'muted' }, 'rs_findings.doc.status+doc.severity_rank'],
    ['all, by severity', { status: 'all' }, 'rs_findings.doc.severity_rank'],
    ['open cost findings, by savings', { kind: 'cost', sort: 'estimated_monthly_savings' }, 'rs_findings.doc.status+doc.monthly_savings_usd'],
  ])('lists %s through one index in order, first and later pages, without sorting', async (_name, query, index) => {
    const listing = new FindingListing(store, new TenantCatalogs(store, new FindingsCatalog([], [])));
    const parsed = listFindingsQuerySchema.parse({ ...query, limit: '5' });
    const first = await listing.list('acme', parsed);
    expect(first.page.has_more).toBe(true);
    const plans = [
      ...(await pagePlans(() => listing.list('acme', parsed), 5)),
      ...(await pagePlans(() => listing.list('acme', { ...parsed, cursor: first.page.next_cursor! }), 5)),
    ];
    expect(plans.length).toBeGreaterThan(1);
    for (const plan of plans) {
      expect(plan).toContain(`USING INDEX ${index} `);
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
