import { createHash, randomUUID } from 'node:crypto';
import type { FindingRecord, MuteMatch, MuteRule } from '@strata/audit-domain';
import { muteRulesCollection, type MuteApplier } from '@strata/audit-feature';
import { DomainError } from '@strata/contracts';
import { InvalidCursorError, type FindPage, type ReadStore, type Where } from '@strata/platform-read-store';
import { decodeCursor, encodeCursor, invalidCursor, queryIdOf } from '../list-findings/list-cursor';
import type {
  CreateMuteRuleRequest,
  HandledResourceListView,
  HandledResourceView,
  MarkHandledRequest,
  MuteRuleListView,
  MuteRuleView,
  PageMeta,
  PageQuery,
} from './mutes.schemas';

export const muteRuleNotFound = (id: string): DomainError => new DomainError('mute_rule_not_found', `mute rule "${id}" does not exist`);

const VIOLATED = { $in: ['open', 'muted'] } as const;

/**
 * The findings a rule with this match may mute, as a query on the indexed fields of `findings`
 * (`rule_id`, `node_id`, `node_type`, `account`, `region`) and the violated statuses. Tags are not
 * on findings: those are checked per finding against its node's (by `MuteApplier`), a page at a
 * time.
 */
export function violatedFindingsMatching(match: MuteMatch): Where<FindingRecord> {
  return {
    status: VIOLATED,
    ...(match.rule_id !== undefined ? { rule_id: match.rule_id } : {}),
    ...(match.node_id !== undefined ? { node_id: match.node_id } : {}),
    ...(match.resource_type !== undefined ? { node_type: match.resource_type } : {}),
    ...(match.account !== undefined ? { account: match.account } : {}),
    ...(match.region !== undefined ? { region: match.region } : {}),
  };
}

/** The id of the mute rule standing for a handled resource: one per resource, so marking it again updates it. */
export const handledRuleId = (resourceId: string): string => `hdl-${createHash('sha256').update(resourceId).digest('hex').slice(0, 24)}`;

export function toMuteRuleView(rule: MuteRule): MuteRuleView {
  return {
    id: rule.id,
    match: { ...rule.match, ...(rule.match.tags ? { tags: { ...rule.match.tags } } : {}) },
    reason: rule.reason,
    created_by: rule.created_by,
    created_at: rule.created_at,
    expires_at: rule.expires_at,
    handled: rule.handled === true,
  };
}

const toHandledView = (rule: MuteRule): HandledResourceView => ({
  resource_id: rule.match.node_id ?? '',
  note: rule.reason,
  provider: rule.provider ?? null,
  handled_at: rule.created_at,
  mute_rule_id: rule.id,
});

/**
 * `/mute-rules` and seed 001's `/findings/{resourceID}/handled`, `/findings/handled`. A rule is
 * stored, then applied at once to the violated findings it matches; a deleted rule's findings
 * (those it muted: `mute.mute_rule_id`) are re-evaluated at once. Both page through the findings
 * ({@link MuteApplier.reapplyWhere}), so a rule matching many findings is never read whole.
 */
export class MuteRuleBook {
  constructor(
    private readonly readStore: ReadStore,
    private readonly applier: MuteApplier,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(tenantId: string, request: CreateMuteRuleRequest, by: string | null): Promise<MuteRuleView> {
    const rule: MuteRule = {
      id: `mr-${randomUUID().replaceAll('-', '').slice(0, 16)}`,
      match: request.match,
      reason: request.reason,
      created_by: by,
      created_at: this.clock().toISOString(),
      expires_at: request.expires_at ?? null,
    };
    await this.save(tenantId, rule);
    return toMuteRuleView(rule);
  }

  async get(tenantId: string, id: string): Promise<MuteRuleView> {
    return toMuteRuleView(await this.require(tenantId, id));
  }

  async list(tenantId: string, query: PageQuery): Promise<MuteRuleListView> {
    const { items, page } = await this.page(tenantId, 'mute_rules', {}, query);
    return { items: items.map(toMuteRuleView), page };
  }

  async delete(tenantId: string, id: string): Promise<void> {
    await this.require(tenantId, id);
    await this.readStore.collection(muteRulesCollection).forTenant(tenantId).delete(id);
    // The findings it muted: another mute may still apply, else they are open again.
    await this.applier.reapplyWhere(tenantId, { 'mute.mute_rule_id': id, status: 'muted' });
  }

  /** Seed 001's "handled": a mute rule on the resource's node id, one per resource. */
  async markHandled(tenantId: string, resourceId: string, request: MarkHandledRequest, by: string | null): Promise<HandledResourceView> {
    const rule: MuteRule = {
      id: handledRuleId(resourceId),
      match: { node_id: resourceId },
      reason: request.note ?? 'handled',
      created_by: by,
      created_at: this.clock().toISOString(),
      expires_at: null,
      handled: true,
      provider: request.provider ?? null,
    };
    await this.save(tenantId, rule);
    return toHandledView(rule);
  }

  async listHandled(tenantId: string, query: PageQuery): Promise<HandledResourceListView> {
    const { items, page } = await this.page(tenantId, 'handled', { handled: true }, query);
    return { items: items.map(toHandledView), page };
  }

  private async save(tenantId: string, rule: MuteRule): Promise<void> {
    await this.readStore.collection(muteRulesCollection).forTenant(tenantId).upsert(rule.id, rule);
    await this.applier.reapplyWhere(tenantId, violatedFindingsMatching(rule.match));
  }

  /** Tenant-scoped: another tenant's rule is not found either. */
  private async require(tenantId: string, id: string): Promise<MuteRule> {
    const rule = await this.readStore.collection(muteRulesCollection).forTenant(tenantId).get(id);
    if (!rule) throw muteRuleNotFound(id);
    return rule;
  }

  /** Oldest first (ties by id), in keyset pages whose cursor only this list accepts. */
  private async page(tenantId: string, list: string, where: Where<MuteRule>, { limit, cursor }: PageQuery): Promise<{ items: MuteRule[]; page: PageMeta }> {
    const queryId = queryIdOf(tenantId, { list });
    const storeCursor = cursor === undefined ? undefined : decodeCursor(cursor, queryId);
    let found: FindPage<MuteRule>;
    try {
      found = await this.readStore
        .collection(muteRulesCollection)
        .forTenant(tenantId)
        .find({ where, sort: { field: 'created_at' }, limit, ...(storeCursor !== undefined ? { cursor: storeCursor } : {}) });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw invalidCursor();
      throw error;
    }
    const next = found.nextCursor === undefined ? null : encodeCursor(queryId, found.nextCursor);
    return { items: found.items.map(({ doc }) => doc), page: { limit, next_cursor: next, has_more: next !== null } };
  }
}
