import { computePosture, type FindingRecord, type Framework, type Posture, type PostureFinding, type RuleEvidence } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { DomainError } from '@strata/contracts';
import type { ReadStore } from '@strata/platform-read-store';
import type { FindingsCatalog, TenantCatalogs } from '../findings-catalog';
import type { FrameworkPostureView } from '../findings-api.schemas';
import { ActiveNodeCounter } from './inventory-node-counts';

const CHUNK = 5_000;

export const frameworkNotFound = (id: string): DomainError => new DomainError('framework_not_found', `framework "${id}" does not exist`);

export type FrameworkSummaryView = Omit<FrameworkPostureView, 'controls'>;

/**
 * `GET .../compliance/frameworks[/{id}]`: each framework's posture (`computePosture`) from the
 * built-in rules (all enabled) mapped to it, and their evidence: the rule's open findings (not
 * muted: muted findings leave posture), and the active nodes of its resource types, counted on
 * the inventory's `status_type` key.
 */
export class CompliancePosture {
  constructor(
    private readonly readStore: ReadStore,
    private readonly catalogs: TenantCatalogs,
  ) {}

  async list(tenantId: string, account?: string): Promise<{ items: FrameworkSummaryView[] }> {
    const catalog = await this.catalogs.forTenant(tenantId);
    const { frameworks } = catalog;
    const evidence = await this.evidence(catalog, tenantId, frameworks, account);
    return { items: frameworks.map((framework) => summaryOf(this.posture(catalog, framework, evidence, account))) };
  }

  async get(tenantId: string, frameworkId: string, account?: string): Promise<FrameworkPostureView> {
    const catalog = await this.catalogs.forTenant(tenantId);
    const framework = catalog.framework(frameworkId);
    if (!framework) throw frameworkNotFound(frameworkId);
    const posture = this.posture(catalog, framework, await this.evidence(catalog, tenantId, [framework], account), account);
    return { ...summaryOf(posture), controls: posture.controls };
  }

  private posture(catalog: FindingsCatalog, framework: Framework, evidence: Record<string, RuleEvidence>, account: string | undefined): Posture {
    return computePosture(framework, catalog.postureRules(), evidence, account === undefined ? {} : { account });
  }

  /** The evidence of every rule mapped to one of `frameworks`. */
  private async evidence(catalog: FindingsCatalog, tenantId: string, frameworks: readonly Framework[], account: string | undefined): Promise<Record<string, RuleEvidence>> {
    const ids = new Set(frameworks.map((framework) => framework.id));
    const rules = catalog.rules.filter((rule) => Object.keys(rule.document.frameworks).some((framework) => ids.has(framework)));
    if (rules.length === 0) return {};
    const counter = new ActiveNodeCounter(this.readStore, tenantId, account);
    const [findings, resources] = await Promise.all([
      this.openFindings(tenantId, rules.map((rule) => rule.id), account),
      Promise.all(rules.map((rule) => counter.count(rule.document.resource_types))),
    ]);
    return Object.fromEntries(rules.map((rule, index) => [rule.id, { evaluatedResources: resources[index] ?? 0, openFindings: findings.get(rule.id) ?? [] }]));
  }

  /** The open (unmuted) findings of these rules, by rule: `(status, rule_id)` index ranges. */
  private async openFindings(tenantId: string, ruleIds: string[], account: string | undefined): Promise<Map<string, PostureFinding[]>> {
    const collection = this.readStore.collection(findingsCollection).forTenant(tenantId);
    const byRule = new Map<string, PostureFinding[]>();
    let cursor: string | undefined;
    do {
      const page = await collection.find({
        where: { status: 'open', rule_id: { $in: ruleIds }, ...(account === undefined ? {} : { account }) },
        limit: CHUNK,
        ...(cursor !== undefined ? { cursor } : {}),
      });
      for (const { id, doc } of page.items) add(byRule, id, doc);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return byRule;
  }
}

function add(byRule: Map<string, PostureFinding[]>, id: string, doc: FindingRecord): void {
  const list = byRule.get(doc.rule_id) ?? [];
  list.push({ id, severity: doc.severity, nodeId: doc.node_id, ...(doc.account !== null ? { account: doc.account } : {}) });
  byRule.set(doc.rule_id, list);
}

function summaryOf(posture: Posture): FrameworkSummaryView {
  return {
    id: posture.framework.id,
    name: posture.framework.name,
    version: posture.framework.version,
    ...(posture.account !== undefined ? { account: posture.account } : {}),
    score_percent: posture.score_percent,
    passing: posture.passing,
    failing: posture.failing,
    not_evaluated: posture.not_evaluated,
    controls_total: posture.controls_total,
  };
}
