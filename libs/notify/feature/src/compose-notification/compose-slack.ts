import type { KnownBlock } from '@slack/types';
import { formatDuration, formatMoney, headline, severityLine, type NotificationContent } from './notification-content';

/** What an incoming webhook takes: `text` is the notification's fallback, `blocks` what Slack shows. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Slack's mrkdwn treats `&`, `<` and `>` as control characters: escaped, a name cannot make a link or a mention. */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (value: string, max: number): string => (value.length <= max ? value : `${value.slice(0, max - 1)}…`);

/** A Block Kit summary of a notification: header, the job's facts as fields, new findings, a button to the job. */
export function composeSlack(content: NotificationContent): SlackMessage {
  const { job } = content;
  const field = (label: string, value: string) => ({ type: 'mrkdwn' as const, text: clip(`*${label}*\n${escapeSlack(value)}`, 2000) });
  const fields = [
    field('Job', `${job.name} (${job.id})`),
    field('Status', job.status),
    field('Plugins', job.plugins.join(', ')),
    field('Duration', formatDuration(job.duration_seconds)),
    field(`New findings (${content.new_findings.min_severity}+)`, `${content.new_findings.total}: ${severityLine(content)}`),
    field('Est. monthly savings', formatMoney(job.estimated_monthly_savings, job.currency)),
  ];
  if (job.stats) fields.push(field('Resources', `${job.stats.nodes_discovered} discovered, ${job.stats.nodes_removed} removed`));
  if (job.error) fields.push(field('Error', `${job.error.code}: ${job.error.message}`));
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(job.status === 'failed' ? `Job ${job.name} failed` : `Job ${job.name} completed`, 150), emoji: false } },
    { type: 'section', fields: fields.slice(0, 10) },
  ];
  const top = content.new_findings.top;
  if (top.length > 0) {
    const lines = top.map((f) => `• *${f.severity}* ${escapeSlack(f.title)} (${escapeSlack(f.resource)})`);
    const more = content.new_findings.total - top.length;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip([...lines, ...(more > 0 ? [`and ${more} more`] : [])].join('\n'), 3000) } });
  }
  blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'View the job' }, url: content.link, action_id: 'strata_view_job' }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlack(`Tenant ${content.tenant_id} · ended ${job.ended_at}`) }] });
  return { text: clip(headline(content), 3000), blocks };
}
