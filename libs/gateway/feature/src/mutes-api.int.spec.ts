import { SEVERITY_RANK, type CompiledRule, type FindingRecord, type FindingStatus } from '@strata/audit-domain';
import { AuditEngineModule, findingMutesCollection, findingsCollection, muteRulesCollection } from '@strata/audit-feature';
import { loadRulePacks } from '@strata/audit-packs';
import type { InventoryNode } from '@strata/inventory-domain';
import { nodeDocument, nodesCollection } from '@strata/inventory-feature';
import type { ConsumedMessage } from '@strata/platform-messaging';
import { openApiProblems } from '@strata/platform-http';
import { LoopHealth } from '@strata/platform-observability';
import { waitFor } from '@strata/testing';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const ACME = 'acme-corp';
const GLOBEX = 'globex';
const RULES = loadRulePacks();
/** Two built-in rules mapped to a framework control (posture counts their open findings). */
const MAPPED = RULES.filter((r) => r.frameworks.length > 0);
const RULE_A = MAPPED[0]!;
const RULE_B = MAPPED.find((r) => r.id !== RULE_A.id)!;
const FRAMEWORK = RULE_A.frameworks[0]!;
const T0 = '2026-11-20T10:00:00.000Z';

const nodeId = (n: number) => `arn:aws:s3:::bucket-${n}`;
const NODES: { n: number; account: string; region: string; type: string; tags: Record<string, string> }[] = [
  { n: 1, account: '111111111111', region: 'eu-west-1', type: 'aws.s3.bucket', tags: { env: 'prod', team: 'data' } },
  { n: 2, account: '222222222222', region: 'us-east-1', type: 'aws.s3.bucket', tags: { env: 'sandbox' } },
  { n: 3, account: '222222222222', region: 'eu-west-1', type: 'aws.rds.instance', tags: {} },
];

function record(rule: CompiledRule, n: number, status: FindingStatus): FindingRecord {
  const node = NODES.find((x) => x.n === n)!;
  return {
    rule_id: rule.id, node_id: nodeId(n), node_type: node.type, node_name: `bucket-${n}`, account: node.account, region: node.region, scope: `aws:${node.account}`,
    kind: rule.kind, severity: rule.severity, severity_rank: SEVERITY_RANK[rule.severity], title: rule.title, reason: 'seeded',
    monthly_savings_usd: null, savings_note: null, frameworks: rule.frameworks.map(({ framework, control }) => ({ framework, control })),
    status, mute: null, first_seen: T0, opened_at: T0, updated_at: T0, resolved_at: status === 'resolved' ? T0 : null,
    opened_in_job: 'job-1', resolved_in_job: status === 'resolved' ? 'job-2' : null,
    history: [{ event: 'opened', at: T0, job_id: 'job-1' }, ...(status === 'resolved' ? [{ event: 'resolved' as const, at: T0, job_id: 'job-2' }] : [])],
  };
}

/** f1, f2: rule A on nodes 1 and 2 (open); f4: rule B on node 1 (open); f3: rule B on node 3 (resolved). */
const F1 = `${RULE_A.id}:${nodeId(1)}`;
const F2 = `${RULE_A.id}:${nodeId(2)}`;
const F3 = `${RULE_B.id}:${nodeId(3)}`;
const F4 = `${RULE_B.id}:${nodeId(1)}`;
const SEEDED: { id: string; doc: FindingRecord }[] = [
  { id: F1, doc: record(RULE_A, 1, 'open') },
  { id: F2, doc: record(RULE_A, 2, 'open') },
  { id: F3, doc: record(RULE_B, 3, 'resolved') },
  { id: F4, doc: record(RULE_B, 1, 'open') },
];
const GLOBEX_FINDING = `${RULE_A.id}:${nodeId(9)}`;

const inventoryNode = ({ n, account, region, type, tags }: (typeof NODES)[number]): InventoryNode =>
  ({
    id: nodeId(n), type, provider: 'aws', name: `bucket-${n}`, account, region, tags, attributes: {}, status: 'active', scope: `aws:${account}`,
    first_seen: T0, last_seen: T0, removed_at: null, first_seen_job: 'job-1', last_seen_job: 'job-1', last_changed_job: 'job-1', removed_in_job: null, updated_in_job: null, content_hash: 'h',
  }) as unknown as InventoryNode;

interface FindingEvent {
  type: string;
  data: { findingId: string; status: string; mute: unknown; jobId: string | null };
}

describe('Muting through the gateway (findings seeded in SQLite, the audit engine\'s expiry sweep running)', () => {
  let harness: GatewayHarness;
  let writer: string;
  let writerId: string;
  let reader: string;
  let nodesOnly: string;
  /** The expiry sweep's clock (the engine's): moved forward to end mutes. */
  let sweepNow = Date.now();
  const events: ConsumedMessage<FindingEvent>[] = [];
  const base = `/api/v1/tenants/${ACME}`;
  const path = (id: string) => `${base}/findings/${encodeURIComponent(id)}`;

  beforeAll(async () => {
    harness = await startGatewayHarness('mutesapi', {
      modules: [AuditEngineModule.forRoot({ clock: () => new Date(sweepNow), muteExpiryIntervalMs: 50, health: new LoopHealth() })],
    });
    const { admin, call, messaging } = harness;
    for (const id of [ACME, GLOBEX]) expect((await call('POST', '/api/v1/tenants', admin, { id, name: id })).status).toBe(201);
    const token = async (permissions: string[]) => (await call('POST', `${base}/tokens`, admin, { name: permissions.join(' '), permissions })).body;
    const created = await token(['findings:read', 'findings:write']);
    writer = String(created['token']);
    writerId = String(created['id']);
    reader = String((await token(['findings:read'])).token);
    nodesOnly = String((await token(['nodes:read'])).token);
    await messaging.consume<FindingEvent>({ stream: 'events', durable: 'test-finding-listener', filterSubject: 'events.*.finding.>', handler: async (message) => void events.push(message) });
    await harness.readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert(NODES.map((n) => ({ id: nodeId(n.n), doc: nodeDocument(inventoryNode(n)) })));
    await harness.readStore.collection(findingsCollection).forTenant(GLOBEX).upsert(GLOBEX_FINDING, record(RULE_A, 1, 'open'));
  });

  afterAll(() => harness?.close());

  /** Every test starts from the seeded findings, without mutes or mute rules. */
  beforeEach(async () => {
    sweepNow = Date.now();
    const { readStore } = harness;
    const mutes = readStore.collection(findingMutesCollection).forTenant(ACME);
    for (const { id } of (await mutes.find({ limit: 100 })).items) await mutes.delete(id);
    const rules = readStore.collection(muteRulesCollection).forTenant(ACME);
    for (const { id } of (await rules.find({ limit: 100 })).items) await rules.delete(id);
    await readStore.collection(findingsCollection).forTenant(ACME).bulkUpsert(SEEDED);
    await quiet();
  });

  const call = (method: string, url: string, body?: unknown, bearer = writer): Promise<ApiResponse> => harness.call(method, url, bearer, body);
  const statusOf = async (id: string) => (await harness.readStore.collection(findingsCollection).forTenant(ACME).get(id))?.status;
  const statuses = async () => Object.fromEntries(await Promise.all(SEEDED.map(async ({ id }) => [id, await statusOf(id)])));
  const stored = async () => ({
    mutes: (await harness.readStore.collection(findingMutesCollection).forTenant(ACME).find({ limit: 100 })).items,
    rules: (await harness.readStore.collection(muteRulesCollection).forTenant(ACME).find({ limit: 100 })).items,
    findings: (await harness.readStore.collection(findingsCollection).forTenant(ACME).find({ limit: 100 })).items,
  });
  const listIds = async (query = '') => ((await call('GET', `${base}/findings${query}`, undefined, reader)).body.items ?? []).map((item) => item['id']);

  /** Lets events in flight arrive, then forgets them: each test sees its own. */
  async function quiet(): Promise<void> {
    let seen = -1;
    await waitFor(async () => {
      const now = events.length;
      const settled = now === seen;
      seen = now;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return settled;
    });
    events.length = 0;
  }

  /** Waits for these `[type, findingId]` events, then checks that no other came (each once). */
  async function expectEvents(expected: [string, string][]): Promise<void> {
    await waitFor(() => events.length >= expected.length, { message: () => `events ${JSON.stringify(expected)}; got ${JSON.stringify(events.map((e) => [e.data.type, e.data.data.findingId]))}` });
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(events.map((e) => [e.data.type, e.data.data.findingId]).sort()).toEqual(expected.map(([type, id]) => [`finding.${type}`, id]).sort());
    for (const event of events) expect(event.subject).toBe(`events.${ACME}.${event.data.type}`);
  }

  async function controlOpenFindings(): Promise<number> {
    const posture = await call('GET', `${base}/compliance/frameworks/${FRAMEWORK.framework}`, undefined, reader);
    expect(posture.status).toBe(200);
    const controls = posture.body['controls'] as { id: string; open_findings: number }[];
    return controls.find((c) => c.id === FRAMEWORK.control)!.open_findings;
  }

  describe("a finding's own mute", () => {
    it('mutes a violated finding at once: out of the default list and posture, in status=muted, history and one FindingMuted; unmuting brings it back', async () => {
      const postureBefore = await controlOpenFindings();
      const muted = await call('POST', `${path(F1)}/mute`, { reason: 'accepted risk' });
      expect(muted).toMatchObject({ status: 200, body: { id: F1, status: 'muted', mute: { reason: 'accepted risk', until: null, by: writerId, mute_rule_id: null } } });
      expect(await listIds()).not.toContain(F1);
      expect(await listIds('?status=muted')).toEqual([F1]);
      expect(await controlOpenFindings()).toBe(postureBefore - 1);
      expect((await call('GET', `${base}/findings/summary`, undefined, reader)).body['by_status']).toMatchObject({ muted: 1 });
      const detail = await call('GET', path(F1), undefined, reader);
      expect((detail.body['history'] as Json[]).at(-1)).toMatchObject({ event: 'muted', job_id: null, reason: 'accepted risk', by: writerId });
      await expectEvents([['FindingMuted', F1]]);
      expect(events[0]!.data.data).toMatchObject({ status: 'muted', jobId: null, mute: { reason: 'accepted risk' } });
      events.length = 0;

      const unmuted = await call('DELETE', `${path(F1)}/mute`);
      expect(unmuted).toMatchObject({ status: 200, body: { id: F1, status: 'open', mute: null } });
      expect(await listIds()).toContain(F1);
      expect(await controlOpenFindings()).toBe(postureBefore);
      expect(((await call('GET', path(F1), undefined, reader)).body['history'] as Json[]).map((h) => h['event'])).toEqual(['opened', 'muted', 'unmuted']);
      await expectEvents([['FindingUnmuted', F1]]);
      expect(await call('DELETE', `${path(F1)}/mute`)).toMatchObject({ status: 404, body: { code: 'mute_not_found' } });
    });

    it('mutes a resolved finding without changing it (no event); the mute is kept for when it comes back', async () => {
      const muted = await call('POST', `${path(F3)}/mute`, { reason: 'decommissioning', until: '2099-01-01T00:00:00+02:00' });
      expect(muted).toMatchObject({ status: 200, body: { id: F3, status: 'resolved', mute: null } });
      expect((await stored()).mutes).toEqual([
        { id: F3, doc: { finding_id: F3, reason: 'decommissioning', until: '2098-12-31T22:00:00.000Z', created_by: writerId, created_at: expect.any(String) } },
      ]);
      expect(await call('DELETE', `${path(F3)}/mute`)).toMatchObject({ status: 200, body: { status: 'resolved' } });
      await expectEvents([]);
    });

    it('ends by itself: the expiry sweep re-opens the finding once its until has passed', async () => {
      const until = new Date(Date.now() + 3_600_000).toISOString();
      expect(await call('POST', `${path(F2)}/mute`, { reason: 'for an hour', until })).toMatchObject({ status: 200, body: { status: 'muted', mute: { until } } });
      await expectEvents([['FindingMuted', F2]]);
      events.length = 0;
      sweepNow = Date.now() + 2 * 3_600_000;
      await waitFor(async () => (await statusOf(F2)) === 'open', { message: 'the sweep to re-open f2' });
      await expectEvents([['FindingUnmuted', F2]]);
      expect(((await call('GET', path(F2), undefined, reader)).body['history'] as Json[]).at(-1)).toMatchObject({ event: 'unmuted', job_id: null });
    });
  });

  describe('mute rules', () => {
    const kinds: [string, Record<string, unknown>, string[]][] = [
      ['rule_id', { rule_id: RULE_A.id }, [F1, F2]],
      ['node_id', { node_id: nodeId(1) }, [F1, F4]],
      ['resource_type', { resource_type: 'aws.s3.bucket' }, [F1, F2, F4]],
      ['account', { account: '222222222222' }, [F2]],
      ['region', { region: 'eu-west-1' }, [F1, F4]],
      ['tags (of the nodes, from the inventory)', { tags: { env: 'sandbox' } }, [F2]],
      ['several fields, all of which must hold', { rule_id: RULE_B.id, tags: { team: 'data' } }, [F4]],
    ];

    it.each(kinds)('by %s: mutes the violated findings it matches at once, and deleting it opens them again', async (_kind, match, expected) => {
      const created = await call('POST', `${base}/mute-rules`, { match, reason: 'noise' });
      expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^mr-/), match, reason: 'noise', created_by: writerId, created_at: expect.any(String), expires_at: null, handled: false } });
      const id = String(created.body['id']);
      const after = await statuses();
      for (const { id: f } of SEEDED) expect([f, after[f]]).toEqual([f, f === F3 ? 'resolved' : expected.includes(f) ? 'muted' : 'open']);
      expect(((await call('GET', path(expected[0]!), undefined, reader)).body['mute'] as Json)['mute_rule_id']).toBe(id);
      await expectEvents(expected.map((f) => ['FindingMuted', f]));
      events.length = 0;

      expect(await call('DELETE', `${base}/mute-rules/${id}`)).toMatchObject({ status: 204 });
      expect(await statuses()).toEqual({ [F1]: 'open', [F2]: 'open', [F3]: 'resolved', [F4]: 'open' });
      await expectEvents(expected.map((f) => ['FindingUnmuted', f]));
      expect(await call('GET', `${base}/mute-rules/${id}`, undefined, reader)).toMatchObject({ status: 404, body: { code: 'mute_rule_not_found' } });
    });

    it('hands a finding to the next mute that applies when one ends: own mute, then rules, then open', async () => {
      await call('POST', `${path(F1)}/mute`, { reason: 'own' });
      const byRule = String((await call('POST', `${base}/mute-rules`, { match: { rule_id: RULE_A.id }, reason: 'rule a' })).body['id']);
      const byAccount = String((await call('POST', `${base}/mute-rules`, { match: { account: '111111111111' }, reason: 'account' })).body['id']);
      expect((await call('DELETE', `${path(F1)}/mute`)).body).toMatchObject({ status: 'muted', mute: { mute_rule_id: [byRule, byAccount].sort()[0] } });
      await call('DELETE', `${base}/mute-rules/${[byRule, byAccount].sort()[0]}`);
      expect(((await call('GET', path(F1), undefined, reader)).body['mute'] as Json)['mute_rule_id']).toBe([byRule, byAccount].sort()[1]);
      await call('DELETE', `${base}/mute-rules/${[byRule, byAccount].sort()[1]}`);
      expect(await statuses()).toEqual({ [F1]: 'open', [F2]: 'open', [F3]: 'resolved', [F4]: 'open' });
      // f1 muted once (own) and unmuted once at the end; f2 (rule a) and f4 (the account) muted by a rule, unmuted when it went.
      await expectEvents([['FindingMuted', F1], ['FindingUnmuted', F1], ['FindingMuted', F2], ['FindingUnmuted', F2], ['FindingMuted', F4], ['FindingUnmuted', F4]]);
    });

    it('expires: the sweep re-opens what an expired rule muted', async () => {
      const expires = new Date(Date.now() + 60_000).toISOString();
      const created = await call('POST', `${base}/mute-rules`, { match: { region: 'us-east-1' }, reason: 'a minute', expires_at: expires });
      expect(created).toMatchObject({ status: 201, body: { expires_at: expires } });
      expect(await statusOf(F2)).toBe('muted');
      sweepNow = Date.now() + 120_000;
      await waitFor(async () => (await statusOf(F2)) === 'open', { message: 'the sweep to re-open f2' });
      await expectEvents([['FindingMuted', F2], ['FindingUnmuted', F2]]);
    });

    it('lists, oldest first, in keyset pages, and gets one', async () => {
      const created: { id: string; at: string; region: string }[] = [];
      for (const region of ['r-1', 'r-2', 'r-3']) {
        const { body } = await call('POST', `${base}/mute-rules`, { match: { region }, reason: region });
        created.push({ id: String(body['id']), at: String(body['created_at']), region });
      }
      // Oldest first; rules created in the same millisecond are ordered by id.
      const oldestFirst = [...created].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
      const ids = oldestFirst.map(({ id }) => id);
      const middle = oldestFirst[1]!.region;
      const first = await call('GET', `${base}/mute-rules?limit=2`, undefined, reader);
      expect(first).toMatchObject({ status: 200, body: { page: { limit: 2, has_more: true, next_cursor: expect.any(String) } } });
      const cursor = String((first.body['page'] as Json)['next_cursor']);
      const second = await call('GET', `${base}/mute-rules?limit=2&cursor=${encodeURIComponent(cursor)}`, undefined, reader);
      expect(second.body['page']).toEqual({ limit: 2, has_more: false, next_cursor: null });
      expect([...first.body.items!, ...second.body.items!].map((r) => r['id'])).toEqual(ids);
      expect(await call('GET', `${base}/mute-rules/${ids[1]}`, undefined, reader)).toMatchObject({ status: 200, body: { id: ids[1], match: { region: middle }, reason: middle } });
      expect(await call('GET', `${base}/findings/handled?cursor=${encodeURIComponent(cursor)}`, undefined, reader)).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    });
  });

  describe("seed 001's handled routes", () => {
    it('marks a resource handled (a mute rule on its node id) and lists it; GET findings/handled is not taken for a finding id', async () => {
      const marked = await call('POST', `${path(nodeId(1))}/handled`, { note: 'ticket 42', provider: 'aws' });
      expect(marked).toMatchObject({ status: 201, body: { resource_id: nodeId(1), note: 'ticket 42', provider: 'aws', handled_at: expect.any(String), mute_rule_id: expect.stringMatching(/^hdl-/) } });
      expect(await statuses()).toEqual({ [F1]: 'muted', [F2]: 'open', [F3]: 'resolved', [F4]: 'muted' });
      const again = await call('POST', `${path(nodeId(1))}/handled`, {});
      expect(again).toMatchObject({ status: 201, body: { note: 'handled', provider: null, mute_rule_id: marked.body['mute_rule_id'] } });
      const listed = await call('GET', `${base}/findings/handled`, undefined, reader);
      expect(listed).toMatchObject({ status: 200, body: { items: [{ resource_id: nodeId(1), note: 'handled', mute_rule_id: marked.body['mute_rule_id'] }], page: { has_more: false, next_cursor: null } } });
      expect((await call('GET', `${base}/mute-rules/${marked.body['mute_rule_id']}`, undefined, reader)).body).toMatchObject({ match: { node_id: nodeId(1) }, handled: true });
      expect(await call('GET', path(F1), undefined, reader)).toMatchObject({ status: 200, body: { id: F1, status: 'muted' } });
      expect(await call('DELETE', `${base}/mute-rules/${marked.body['mute_rule_id']}`)).toMatchObject({ status: 204 });
      expect((await call('GET', `${base}/findings/handled`, undefined, reader)).body.items).toEqual([]);
      expect(await statuses()).toEqual({ [F1]: 'open', [F2]: 'open', [F3]: 'resolved', [F4]: 'open' });
      await expectEvents([['FindingMuted', F1], ['FindingMuted', F4], ['FindingUnmuted', F1], ['FindingUnmuted', F4]]);
    });
  });

  it('documents the routes in the gateway OpenAPI document', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as Json & { paths: Record<string, Record<string, Json>> };
    expect(openApiProblems(document)).toEqual([]);
    const t = '/api/v1/tenants/{tenantID}';
    expect(Object.keys(document.paths[`${t}/findings/{findingID}/mute`]!).sort()).toEqual(['delete', 'post']);
    expect(Object.keys(document.paths[`${t}/mute-rules`]!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(document.paths[`${t}/mute-rules/{muteRuleID}`]!).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(document.paths[`${t}/findings/{resourceID}/handled`]!)).toEqual(['post']);
    expect(Object.keys(document.paths[`${t}/findings/handled`]!)).toEqual(['get']);
  });

  describe('refusals', () => {
    const invalid: [string, string, string, unknown][] = [
      ['mute without a reason', 'POST', 'mute', {}],
      ['mute with a reason too long', 'POST', 'mute', { reason: 'x'.repeat(501) }],
      ['mute until a past time', 'POST', 'mute', { reason: 'r', until: '2020-01-01T00:00:00Z' }],
      ['mute with an unknown field', 'POST', 'mute', { reason: 'r', forever: true }],
      ['mute with malformed JSON', 'POST', 'mute', '{"reason":'],
      ['rule without a match field', 'POST', 'rules', { match: {}, reason: 'r' }],
      ['rule with an unknown match field', 'POST', 'rules', { match: { colour: 'red' }, reason: 'r' }],
      ['rule with an unknown field', 'POST', 'rules', { match: { region: 'x' }, reason: 'r', priority: 1 }],
      ['rule with no tags', 'POST', 'rules', { match: { tags: {} }, reason: 'r' }],
      ['rule expiring in the past', 'POST', 'rules', { match: { region: 'x' }, reason: 'r', expires_at: '2020-01-01T00:00:00Z' }],
      ['handled with an unknown field', 'POST', 'handled', { note: 'n', owner: 'me' }],
    ];

    it.each(invalid)('400 for %s, with nothing written', async (_case, method, route, body) => {
      const before = await stored();
      const url = route === 'mute' ? `${path(F1)}/mute` : route === 'rules' ? `${base}/mute-rules` : `${path(nodeId(1))}/handled`;
      const answer = await call(method, url, body);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: expect.any(String), code: expect.stringMatching(/^(validation_error|malformed_json)$/) });
      expect(await stored()).toEqual(before);
    });

    it('403 without findings:write to change, or findings:read to read, with nothing written', async () => {
      const before = await stored();
      const forbidden = { status: 403, body: { code: 'forbidden' } };
      expect(await call('POST', `${path(F1)}/mute`, { reason: 'r' }, reader)).toMatchObject(forbidden);
      expect(await call('DELETE', `${path(F1)}/mute`, undefined, reader)).toMatchObject(forbidden);
      expect(await call('POST', `${base}/mute-rules`, { match: { region: 'x' }, reason: 'r' }, reader)).toMatchObject(forbidden);
      expect(await call('DELETE', `${base}/mute-rules/mr-1`, undefined, reader)).toMatchObject(forbidden);
      expect(await call('POST', `${path(nodeId(1))}/handled`, {}, reader)).toMatchObject(forbidden);
      expect(await call('GET', `${base}/mute-rules`, undefined, nodesOnly)).toMatchObject(forbidden);
      expect(await call('GET', `${base}/mute-rules/mr-1`, undefined, nodesOnly)).toMatchObject(forbidden);
      expect(await call('GET', `${base}/findings/handled`, undefined, nodesOnly)).toMatchObject(forbidden);
      expect(await stored()).toEqual(before);
    });

    it("404 for another tenant's (or an unknown) finding or mute rule, with nothing written", async () => {
      const globexRule = await call('POST', `/api/v1/tenants/${GLOBEX}/mute-rules`, { match: { region: 'x' }, reason: 'r' }, harness.admin);
      expect(globexRule.status).toBe(201);
      const before = await stored();
      expect(await call('POST', `${path(GLOBEX_FINDING)}/mute`, { reason: 'r' })).toMatchObject({ status: 404, body: { code: 'finding_not_found' } });
      expect(await call('DELETE', `${path(GLOBEX_FINDING)}/mute`)).toMatchObject({ status: 404, body: { code: 'finding_not_found' } });
      expect(await call('GET', `${base}/mute-rules/${globexRule.body['id']}`, undefined, reader)).toMatchObject({ status: 404, body: { code: 'mute_rule_not_found' } });
      expect(await call('DELETE', `${base}/mute-rules/${globexRule.body['id']}`)).toMatchObject({ status: 404, body: { code: 'mute_rule_not_found' } });
      expect(await stored()).toEqual(before);
      expect((await call('GET', `/api/v1/tenants/${GLOBEX}/mute-rules/${globexRule.body['id']}`, undefined, harness.admin)).status).toBe(200);
    });
  });
});
