import { formatDuration, formatMoney, headline, severityLine, type NotificationContent } from './notification-content';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

/** Everything interpolated into the HTML part goes through here: names, titles and errors are the tenant's data. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Header lines cannot carry a line break (header injection): the subject is one line, at most 200 characters. */
const oneLine = (value: string): string => value.replace(/[\r\n\t]+/g, ' ').slice(0, 200);

function facts(content: NotificationContent): [label: string, value: string][] {
  const { job } = content;
  const rows: [string, string][] = [
    ['Job', `${job.name} (${job.id})`],
    ['Status', job.status],
    ['Plugins', job.plugins.join(', ')],
    ['Duration', formatDuration(job.duration_seconds)],
  ];
  if (job.error) rows.push(['Error', `${job.error.code}: ${job.error.message}`]);
  if (job.stats) {
    const s = job.stats;
    rows.push(['Resources', `${s.nodes_discovered} discovered, ${s.nodes_updated} updated, ${s.nodes_removed} removed, ${s.edges_created} relationships created`]);
    rows.push(['Findings', `${s.findings_created} opened, ${s.findings_resolved} resolved`]);
  }
  rows.push([`New findings (${content.new_findings.min_severity} and above, not muted)`, `${content.new_findings.total}: ${severityLine(content)}`]);
  rows.push(['Estimated monthly savings', formatMoney(job.estimated_monthly_savings, job.currency)]);
  return rows;
}

const findingLine = (f: NotificationContent['new_findings']['top'][number]): string =>
  `[${f.severity}] ${f.title} (${f.resource})${f.monthly_savings_usd !== null && f.monthly_savings_usd > 0 ? `: saves ${formatMoney(f.monthly_savings_usd, 'USD')}/month` : ''}`;

/** The email of a notification: a subject, a plain-text part and an HTML part saying the same. */
export function composeEmail(content: NotificationContent): EmailMessage {
  const rows = facts(content);
  const top = content.new_findings.top;
  const more = content.new_findings.total - top.length;
  const text = [
    headline(content),
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(top.length > 0 ? ['', 'New findings:', ...top.map((f) => `- ${findingLine(f)}`), ...(more > 0 ? [`- and ${more} more`] : [])] : []),
    '',
    `Details: ${content.link}`,
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif">',
    `<h2>${escapeHtml(headline(content))}</h2>`,
    '<table cellpadding="4">',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(top.length > 0 ? ['<h3>New findings</h3><ul>', ...top.map((f) => `<li>${escapeHtml(findingLine(f))}</li>`), ...(more > 0 ? [`<li>and ${more} more</li>`] : []), '</ul>'] : []),
    `<p><a href="${escapeHtml(content.link)}">View the job</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: oneLine(headline(content)), text, html };
}
