import { join } from 'node:path';
import { SEVERITY_RANK, type FindingRecord, type FindingWrite, type MuteMatch } from '@strata/audit-domain';
import { findingsCollection, inventoryNodesView, MuteApplier, MuteExpirySweep, type InventoryNodeView } from '@strata/audit-feature';
import { LoopHealth } from '@strata/platform-observability';
import { SqliteReadStore } from '@strata/platform-read-store';
import { openSqlite } from '@strata/platform-sqlite';
import { makeTempDir, waitFor, type TempDir } from '@strata/testing';
import fc from 'fast-check';
import { FindingMuting } from './finding-muting';
import { MuteRuleBook } from './mute-rule-book';

/*
 * Whatever the sequence of mutes, unmutes, mute rules created and deleted, and time passing (the
 * expiry sweep running), every finding's stored status is what the live mutes say: muted while
 * violated under a live own mute or a live matching rule, open while violated without, resolved
 * untouched; and each change of status was announced exactly once.
 */

const T0 = Date.parse('2026-12-01T00:00:00.000Z');
const MINUTE = 60_000;

interface Node {
  id: string;
  type: string;
  account: string;
  region: string;
  tags: Record<string, string>;
}
const NODES: Node[] = [
  { id: 'n-1', type: 'aws.s3.bucket', account: 'a-1', region: 'eu', tags: { env: 'prod' } },
  { id: 'n-2', type: 'aws.s3.bucket', account: 'a-2', region: 'us', tags: { env: 'dev' } },
  { id: 'n-3', type: 'aws.ec2.volume', account: 'a-1', region: 'us', tags: { env: 'dev', team: 'x' } },
];
/** rule × node, the last one resolved. */
const FINDINGS: { id: string; rule: string; node: Node; violated: boolean }[] = [
  { id: 'r-a:n-1', rule: 'r-a', node: NODES[0]!, violated: true },
  { id: 'r-a:n-2', rule: 'r-a', node: NODES[1]!, violated: true },
  { id: 'r-b:n-3', rule: 'r-b', node: NODES[2]!, violated: true },
  { id: 'r-b:n-1', rule: 'r-b', node: NODES[0]!, violated: false },
];
const MATCHES: MuteMatch[] = [
  { rule_id: 'r-a' },
  { node_id: 'n-1' },
  { resource_type: 'aws.s3.bucket' },
  { account: 'a-1' },
  { region: 'us' },
  { tags: { env: 'dev' } },
  { tags: { env: 'dev', team: 'x' } },
  { rule_id: 'r-b', region: 'us' },
];

function record(f: (typeof FINDINGS)[number]): FindingRecord {
  const at = new Date(T0).toISOString();
  return {
    rule_id: f.rule, node_id: f.node.id, node_type: f.node.type, node_name: f.node.id, account: f.node.account, region: f.node.region, scope: 's',
    kind: 'compliance', severity: 'high', severity_rank: SEVERITY_RANK.high, title: f.rule, reason: 'r', monthly_savings_usd: null, savings_note: null, frameworks: [],
    status: f.violated ? 'open' : 'resolved', mute: null, first_seen: at, opened_at: at, updated_at: at, resolved_at: f.violated ? null : at,
    opened_in_job: 'job-1', resolved_in_job: f.violated ? null : 'job-2', history: [],
  };
}

const matches = (match: MuteMatch, f: (typeof FINDINGS)[number]): boolean =>
  (match.rule_id === undefined || match.rule_id === f.rule) &&
  (match.node_id === undefined || match.node_id === f.node.id) &&
  (match.resource_type === undefined || match.resource_type === f.node.type) &&
  (match.account === undefined || match.account === f.node.account) &&
  (match.region === undefined || match.region === f.node.region) &&
  Object.entries(match.tags ?? {}).every(([k, v]) => f.node.tags[k] === v);

type Step =
  | { kind: 'mute'; finding: number; forMinutes: number | null }
  | { kind: 'unmute'; finding: number }
  | { kind: 'rule'; match: number; forMinutes: number | null }
  | { kind: 'unrule'; pick: number }
  | { kind: 'wait'; minutes: number };

const finding = fc.integer({ min: 0, max: FINDINGS.length - 1 });
const lasting = fc.option(fc.integer({ min: 1, max: 6 }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mute' as const), finding, forMinutes: lasting }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unmute' as const), finding }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rule' as const), match: fc.integer({ min: 0, max: MATCHES.length - 1 }), forMinutes: lasting }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('unrule' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 4 }) }) },
);

describe('muting (property): stored statuses follow the live mutes, each change announced once', () => {
  let dir: TempDir;
  let raw: ReturnType<typeof openSqlite>;
  let store: SqliteReadStore;
  let run = 0;

  beforeAll(async () => {
    dir = await makeTempDir();
    raw = openSqlite(join(dir.path, 'strata.db'));
    store = new SqliteReadStore(raw);
  });

  afterAll(async () => {
    await store?.close();
    raw?.close();
    await dir?.remove();
  });

  it('holds for random sequences of mutes, unmutes, mute rules, deletions and expiries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const tenant = `t-${run++}`;
        let now = T0;
        const clock = () => new Date(now);
        const events: [string, string][] = [];
        const applier = new MuteApplier({
          readStore: store,
          clock,
          onFindingsWritten: async (_tenant, writes: readonly FindingWrite[]) => {
            for (const { transitions } of writes) for (const t of transitions) events.push([t.event, t.findingId]);
          },
        });
        const muting = new FindingMuting(store, applier, clock);
        const rules = new MuteRuleBook(store, applier, clock);
        const sweep = new MuteExpirySweep({ readStore: store, applier, clock, health: new LoopHealth() });
        await store.collection(findingsCollection).forTenant(tenant).bulkUpsert(FINDINGS.map((f) => ({ id: f.id, doc: record(f) })));
        await store
          .collection(inventoryNodesView)
          .forTenant(tenant)
          .bulkUpsert(NODES.map((n) => ({ id: n.id, doc: { ...n, provider: 'aws', name: n.id, attributes: {}, scope: 's', status: 'active', last_seen_job: 'job-1', removed_in_job: null } as InventoryNodeView })));

        // The model: the live documents, and each finding's status as last checked.
        const own = new Map<string, number | null>();
        const liveRules: { id: string; match: MuteMatch; until: number | null }[] = [];
        const previous = new Map(FINDINGS.map((f) => [f.id, f.violated ? 'open' : 'resolved']));
        const live = (until: number | null) => until === null || until > now;
        const until = (minutes: number | null) => (minutes === null ? undefined : new Date(now + minutes * MINUTE).toISOString());

        for (const s of steps) {
          events.length = 0;
          if (s.kind === 'mute') {
            const f = FINDINGS[s.finding]!;
            const end = until(s.forMinutes);
            await muting.mute(tenant, f.id, { reason: 'm', ...(end ? { until: end } : {}) }, 'tok');
            own.set(f.id, end ? Date.parse(end) : null);
          } else if (s.kind === 'unmute') {
            const f = FINDINGS[s.finding]!;
            const answer = muting.unmute(tenant, f.id);
            if (own.has(f.id)) await answer;
            else await expect(answer).rejects.toMatchObject({ code: 'mute_not_found' });
            own.delete(f.id);
          } else if (s.kind === 'rule') {
            const end = until(s.forMinutes);
            const created = await rules.create(tenant, { match: MATCHES[s.match]!, reason: 'r', ...(end ? { expires_at: end } : {}) }, 'tok');
            liveRules.push({ id: created.id, match: MATCHES[s.match]!, until: end ? Date.parse(end) : null });
          } else if (s.kind === 'unrule') {
            if (liveRules.length === 0) continue;
            const [gone] = liveRules.splice(s.pick % liveRules.length, 1);
            await rules.delete(tenant, gone!.id);
          } else {
            now += s.minutes * MINUTE;
            await sweep.sweepTenant(tenant);
          }

          const stored = await store.collection(findingsCollection).forTenant(tenant).getMany(FINDINGS.map((f) => f.id));
          const expectedEvents: [string, string][] = [];
          for (const f of FINDINGS) {
            const ownLive = own.has(f.id) && live(own.get(f.id)!);
            const ruleLive = liveRules.some((r) => live(r.until) && matches(r.match, f));
            const expected = !f.violated ? 'resolved' : ownLive || ruleLive ? 'muted' : 'open';
            const doc = stored.get(f.id)!;
            expect([f.id, doc.status]).toEqual([f.id, expected]);
            if (expected === 'muted') expect([f.id, doc.mute?.mute_rule_id === null]).toEqual([f.id, ownLive]);
            else expect(doc.mute).toBeNull();
            if (previous.get(f.id) !== expected) expectedEvents.push([expected === 'muted' ? 'muted' : 'unmuted', f.id]);
            previous.set(f.id, expected);
          }
          expect([...events].sort()).toEqual(expectedEvents.sort());
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('shows the expiry sweep as down while it fails, and as recovered once it works again', async () => {
    const health = new LoopHealth();
    let failing = true;
    const broken = Object.create(store) as SqliteReadStore;
    broken.collection = ((definition: Parameters<SqliteReadStore['collection']>[0]) => {
      if (failing) throw new Error('store unavailable');
      return store.collection(definition);
    }) as SqliteReadStore['collection'];
    const applier = new MuteApplier({ readStore: broken });
    const sweep = new MuteExpirySweep({ readStore: broken, applier, intervalMs: 10, health });
    sweep.start();
    try {
      await waitFor(() => health.downLoops().some((loop) => loop.name === 'sweep:mute-expiry'));
      failing = false;
      await waitFor(() => sweep.sweepsCompleted > 0 && health.downLoops().length === 0, { timeoutMs: 5_000 });
    } finally {
      await sweep.stop();
    }
  });
});
