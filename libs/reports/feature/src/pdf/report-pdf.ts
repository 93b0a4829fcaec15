import PDFDocument from 'pdfkit';
import type { ReportContent } from '@strata/reports-domain';
import { barChart, COLORS, contentWidth, FONT, heading, paragraph, subheading, table } from './pdf-layout';
import { reportFontFiles } from './report-fonts';

type Doc = InstanceType<typeof PDFDocument>;

export interface PdfInput {
  content: ReportContent;
  /** The tenant's display name (its id when unknown). */
  tenantName: string;
  scopeLabel: string;
  /** A PNG of the scope's diagram, placed on a page of its own. */
  diagram?: Buffer;
}

const SECTION_TITLES: Record<string, string> = {
  summary: 'Summary',
  findings: 'Findings',
  waste: 'Waste and savings',
  compliance: 'Compliance posture',
  inventory: 'Inventory',
  changes: 'What changed',
  kubernetes: 'Kubernetes governance',
  diagram: 'Architecture diagram',
};

/**
 * The PDF of a report: a cover (tenant, scope, date), a table of contents with page numbers,
 * one part per section (vector bar charts and tables that repeat their header on each page they
 * continue on), the diagram on its own page, and "Page n of N" on every page. Fonts are the
 * DejaVu TTFs, embedded. Pages are buffered (a report's tables are bounded) so the contents and
 * the page numbers can be written once every page exists; the document streams out on `end()`.
 */
export function renderReportPdf({ content, tenantName, scopeLabel, diagram }: PdfInput): Doc {
  const fonts = reportFontFiles();
  // No default font (pdfkit's is Helvetica, not embedded): every text names one of the two
  // registered here, each parsed once per document.
  const doc = new PDFDocument({ size: 'A4', margin: 50, bufferPages: true, font: null as unknown as string, info: { Title: content.report.title, Author: 'Strata', Subject: `Report ${content.report.id}` } });
  doc.registerFont(FONT.regular, fonts.regular);
  doc.registerFont(FONT.bold, fonts.bold);
  doc.font(FONT.regular);
  const money = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${content.report.currency}`);

  cover(doc, content, tenantName, scopeLabel);
  doc.addPage(); // the table of contents, written at the end
  const tocPage = 1;
  const starts: { title: string; page: number }[] = [];
  const start = (key: string): void => {
    doc.addPage();
    starts.push({ title: SECTION_TITLES[key] ?? key, page: currentPage(doc) });
    heading(doc, SECTION_TITLES[key] ?? key);
  };

  const { summary, findings, waste, compliance, inventory, changes, kubernetes } = content;
  if (summary) {
    start('summary');
    const stats = summary.stats;
    table(
      doc,
      [{ header: 'Figure', width: 2 }, { header: 'Value', width: 3 }],
      [
        ['Job', `${summary.job.name} (${summary.job.id})`],
        ['Status', summary.job.status],
        ['Plugins', summary.job.plugins.join(', ')],
        ['Scopes', summary.scopes.join(', ') || '—'],
        ['Created', summary.job.created_at],
        ['Started', summary.job.started_at ?? '—'],
        ['Completed', summary.job.completed_at ?? '—'],
        ['Duration', summary.duration_seconds === null ? '—' : `${summary.duration_seconds.toFixed(1)} s`],
        ...(stats
          ? [
              ['Nodes discovered', String(stats.nodes_discovered)],
              ['Nodes updated', String(stats.nodes_updated)],
              ['Nodes removed', String(stats.nodes_removed)],
              ['Edges created', String(stats.edges_created)],
              ['Findings created', String(stats.findings_created)],
              ['Findings resolved', String(stats.findings_resolved)],
            ]
          : []),
        ['Estimated monthly savings', money(summary.estimated_monthly_savings)],
      ],
    );
  }
  if (findings) {
    start('findings');
    paragraph(doc, `${findings.total_open} open findings in the job's scope.`);
    doc.moveDown(0.5);
    barChart(
      doc,
      'Open findings by severity',
      (['critical', 'high', 'medium', 'low', 'info'] as const).map((severity) => ({ label: severity, value: findings.by_severity[severity], color: COLORS.severity[severity] })),
    );
    subheading(doc, 'By rule');
    table(
      doc,
      [{ header: 'Rule', width: 4.2 }, { header: 'Title', width: 4.2 }, { header: 'Severity', width: 1.3 }, { header: 'Open', width: 0.9, align: 'right' }, { header: 'Savings / month', width: 2.2, align: 'right' }],
      findings.by_rule.map((rule) => [rule.rule_id, rule.title, rule.severity, String(rule.count), rule.kind === 'cost' ? money(rule.monthly_savings) : '—']),
    );
    if (findings.top.length > 0) {
      subheading(doc, `Most severe open findings (${findings.top.length} of ${findings.total_open})`);
      table(
        doc,
        [{ header: 'Severity', width: 1.3 }, { header: 'Rule', width: 3 }, { header: 'Resource', width: 4 }, { header: 'Account', width: 2 }, { header: 'Region', width: 1.6 }, { header: 'Savings', width: 1.8, align: 'right' }],
        findings.top.map((finding) => [finding.severity, finding.rule_id, finding.node_name, finding.account ?? '—', finding.region ?? '—', finding.monthly_savings === null ? '—' : money(finding.monthly_savings)]),
      );
    }
  }
  if (waste) {
    start('waste');
    paragraph(doc, `${money(waste.total_monthly_savings)} a month could be saved across ${waste.findings} cost findings.`);
    doc.moveDown(0.5);
    barChart(doc, 'Monthly savings by category', waste.by_category.map((category) => ({ label: category.category, value: category.monthly_savings, caption: money(category.monthly_savings) })));
    table(
      doc,
      [{ header: 'Category', width: 3 }, { header: 'Findings', width: 1, align: 'right' }, { header: 'Savings / month', width: 2, align: 'right' }],
      waste.by_category.map((category) => [category.category, String(category.findings), money(category.monthly_savings)]),
    );
  }
  if (compliance) {
    start('compliance');
    barChart(
      doc,
      'Score per framework (% of evaluated controls passing)',
      compliance.frameworks.map((framework) => ({ label: framework.name, value: framework.score_percent ?? 0, caption: framework.score_percent === null ? 'not evaluated' : `${framework.score_percent}%` })),
      { max: 100 },
    );
    table(
      doc,
      [{ header: 'Framework', width: 5 }, { header: 'Version', width: 1.3 }, { header: 'Score', width: 1, align: 'right' }, { header: 'Passing', width: 1.2, align: 'right' }, { header: 'Failing', width: 1.2, align: 'right' }, { header: 'Not evaluated', width: 1.6, align: 'right' }, { header: 'Controls', width: 1.2, align: 'right' }],
      compliance.frameworks.map((framework) => [framework.name, framework.version, framework.score_percent === null ? '—' : `${framework.score_percent}%`, String(framework.passing), String(framework.failing), String(framework.not_evaluated), String(framework.controls_total)]),
    );
  }
  if (inventory) {
    start('inventory');
    paragraph(doc, `${inventory.total_nodes} active resources in the job's scope.`);
    for (const [title, rows] of [['By type', inventory.by_type], ['By account', inventory.by_account], ['By region', inventory.by_region]] as const) {
      subheading(doc, title);
      table(doc, [{ header: title.slice(3), width: 5 }, { header: 'Resources', width: 1, align: 'right' }], rows.map((row) => [row.key, String(row.count)]));
    }
  }
  if (changes) {
    start('changes');
    paragraph(doc, changes.previous_job_id ? `Since job ${changes.previous_job_id}.` : 'The first job of this scope: everything is new.');
    table(
      doc,
      [{ header: 'Change', width: 3 }, { header: 'Count', width: 1, align: 'right' }],
      [['Nodes added', String(changes.nodes_added)], ['Nodes changed', String(changes.nodes_changed)], ['Nodes removed', String(changes.nodes_removed)], ['Edges added', String(changes.edges_added)], ['Edges removed', String(changes.edges_removed)]],
    );
    if (changes.by_type.length > 0) {
      subheading(doc, 'By type');
      table(doc, [{ header: 'Type', width: 4 }, { header: 'Added', width: 1, align: 'right' }, { header: 'Changed', width: 1, align: 'right' }, { header: 'Removed', width: 1, align: 'right' }], changes.by_type.map((row) => [row.type, String(row.added), String(row.changed), String(row.removed)]));
    }
  }
  if (kubernetes) {
    start('kubernetes');
    table(
      doc,
      [{ header: 'Cluster', width: 4 }, { header: 'Open findings', width: 1.4, align: 'right' }, { header: 'Critical/high', width: 1.4, align: 'right' }, { header: 'RBAC', width: 1, align: 'right' }, { header: 'Hygiene', width: 1, align: 'right' }, { header: 'Savings / month', width: 2, align: 'right' }],
      kubernetes.clusters.map((cluster) => [cluster.cluster, String(cluster.open_findings), String(cluster.by_severity.critical + cluster.by_severity.high), String(cluster.rbac_exposures), String(cluster.hygiene_issues), money(cluster.monthly_savings)]),
    );
  }
  if (diagram) {
    start('diagram');
    const width = contentWidth(doc);
    const height = doc.page.height - doc.y - doc.page.margins.bottom;
    doc.image(diagram, doc.page.margins.left, doc.y, { fit: [width, height], align: 'center' });
  }

  contents(doc, tocPage, starts);
  pageNumbers(doc);
  doc.end();
  return doc;
}

function cover(doc: Doc, content: ReportContent, tenantName: string, scopeLabel: string): void {
  const left = doc.page.margins.left;
  doc.rect(0, 0, doc.page.width, 12).fill(COLORS.accent);
  doc.font(FONT.bold).fontSize(26).fillColor(COLORS.text).text(content.report.title, left, 200, { width: contentWidth(doc) });
  doc.moveDown(1.5).font(FONT.regular).fontSize(13).fillColor(COLORS.muted);
  doc.text(`Tenant: ${tenantName}`);
  doc.text(`Scope: ${scopeLabel}`);
  if (content.summary) doc.text(`Job: ${content.summary.job.name} (${content.summary.job.id})`);
  doc.text(`Date: ${content.report.generated_at.slice(0, 10)} (${content.report.generated_at})`);
  doc.text(`Amounts in ${content.report.currency}`);
  doc.moveDown(4).fontSize(9).text(`Report ${content.report.id}, generated by Strata.`);
}

function contents(doc: Doc, tocPage: number, starts: readonly { title: string; page: number }[]): void {
  doc.switchToPage(tocPage);
  doc.x = doc.page.margins.left;
  doc.y = doc.page.margins.top;
  heading(doc, 'Contents');
  const width = contentWidth(doc);
  for (const { title, page } of starts) {
    const y = doc.y;
    doc.font(FONT.regular).fontSize(11).fillColor(COLORS.text).text(title, doc.page.margins.left, y, { lineBreak: false });
    doc.text(String(page + 1), doc.page.margins.left, y, { width, align: 'right', lineBreak: false });
    doc.y = y + 20;
  }
}

function pageNumbers(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // the footer lies in the margin: no new page for it
    doc.font(FONT.regular).fontSize(8).fillColor(COLORS.muted).text(`Page ${index + 1} of ${count}`, doc.page.margins.left, doc.page.height - 30, { width: contentWidth(doc), align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

const currentPage = (doc: Doc): number => {
  const { start, count } = doc.bufferedPageRange();
  return start + count - 1;
};
