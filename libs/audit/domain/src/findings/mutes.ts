/** A mute of one finding (`POST /findings/{id}/mute`), per (tenant, finding id). */
export interface FindingMute {
  finding_id: string;
  reason: string;
  /** ISO time the mute ends by itself; null: until it is deleted. */
  until: string | null;
  /** The API token that muted it. */
  created_by: string | null;
  created_at: string;
}

/** Which findings a mute rule mutes: every given field must match (tags: every given tag). */
export interface MuteMatch {
  rule_id?: string;
  node_id?: string;
  resource_type?: string;
  account?: string;
  region?: string;
  tags?: Record<string, string>;
}

/** A mute rule (`POST /mute-rules`), per (tenant, id). */
export interface MuteRule {
  id: string;
  match: MuteMatch;
  reason: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  /**
   * Made by seed 001's `POST /findings/{resourceID}/handled` (a rule on `node_id`): listed by
   * `GET /findings/handled`. Absent on other rules.
   */
  handled?: boolean;
  /** The provider a handled resource was marked for (handled rules only), null when not given. */
  provider?: string | null;
}

/** What a mute decision needs to know of a finding. */
export interface MuteSubject {
  findingId: string;
  ruleId: string;
  nodeId: string;
  resourceType: string;
  account: string | null;
  region: string | null;
  tags: Readonly<Record<string, string>>;
}

/** The mute in force for a finding: its own first, then the first matching mute rule. */
export interface ActiveMute {
  reason: string;
  until: string | null;
  by: string | null;
  /** Set when a mute rule (not the finding's own mute) applies. */
  mute_rule_id: string | null;
}

/** The subject of a stored finding, `tags` its node's (from the inventory; `{}` when unknown). */
export function muteSubjectOf(
  findingId: string,
  record: { rule_id: string; node_id: string; node_type: string; account: string | null; region: string | null },
  tags: Readonly<Record<string, string>>,
): MuteSubject {
  return { findingId, ruleId: record.rule_id, nodeId: record.node_id, resourceType: record.node_type, account: record.account, region: record.region, tags };
}

const live = (until: string | null, now: number): boolean => until === null || Date.parse(until) > now;

export function muteRuleMatches({ match }: Pick<MuteRule, 'match'>, subject: MuteSubject): boolean {
  if (match.rule_id !== undefined && match.rule_id !== subject.ruleId) return false;
  if (match.node_id !== undefined && match.node_id !== subject.nodeId) return false;
  if (match.resource_type !== undefined && match.resource_type !== subject.resourceType) return false;
  if (match.account !== undefined && match.account !== subject.account) return false;
  if (match.region !== undefined && match.region !== subject.region) return false;
  for (const [key, value] of Object.entries(match.tags ?? {})) if (subject.tags[key] !== value) return false;
  return true;
}

/** The tenant's mutes as one audit sees them. */
export class MuteBook {
  constructor(
    private readonly findingMutes: ReadonlyMap<string, FindingMute>,
    private readonly rules: readonly MuteRule[],
    private readonly now: number,
  ) {}

  static empty(): MuteBook {
    return new MuteBook(new Map(), [], 0);
  }

  activeFor(subject: MuteSubject): ActiveMute | null {
    const own = this.findingMutes.get(subject.findingId);
    if (own && live(own.until, this.now)) return { reason: own.reason, until: own.until, by: own.created_by, mute_rule_id: null };
    for (const rule of this.rules) {
      if (live(rule.expires_at, this.now) && muteRuleMatches(rule, subject)) {
        return { reason: rule.reason, until: rule.expires_at, by: rule.created_by, mute_rule_id: rule.id };
      }
    }
    return null;
  }
}
