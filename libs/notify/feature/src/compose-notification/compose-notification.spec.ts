import { composeEmail } from './compose-email';
import { composeSlack } from './compose-slack';
import { composeWebhookBody } from './compose-webhook';
import { formatDuration, notificationContent, type FindingFacts, type JobFacts } from './notification-content';

const job: JobFacts = {
  id: 'job-1',
  name: 'nightly <script>alert(1)</script> & co',
  status: 'completed',
  plugins: ['aws', 'demo'],
  duration_seconds: 125,
  stats: { nodes_discovered: 40, nodes_updated: 2, nodes_removed: 1, edges_created: 55, findings_created: 3, findings_resolved: 1 },
  error: null,
  ended_at: '2026-12-05T02:00:00.000Z',
  estimated_monthly_savings: 1234.5,
  currency: 'EUR',
};
const findings: FindingFacts[] = [
  { id: 'r1:n1', title: 'Unattached <b>volume</b>', severity: 'medium', kind: 'cost', resource: 'aws.ec2.volume vol-1', monthly_savings_usd: 8 },
  { id: 'r2:n2', title: 'Public bucket', severity: 'critical', kind: 'compliance', resource: 'aws.s3.bucket b', monthly_savings_usd: null },
  { id: 'r3:n3', title: 'Idle IP', severity: 'medium', kind: 'cost', resource: 'aws.ec2.eip e', monthly_savings_usd: 3.6 },
];
const content = notificationContent({ tenantId: 'acme-corp', job, findings, minSeverity: 'medium', publicUrl: 'https://strata.example.com/' });

describe('notification content', () => {
  it('counts by severity, lists the most severe first and links to the job', () => {
    expect(content.new_findings).toMatchObject({ total: 3, by_severity: { critical: 1, high: 0, medium: 2, low: 0, info: 0 }, min_severity: 'medium' });
    expect(content.new_findings.top.map((f) => f.id)).toEqual(['r2:n2', 'r1:n1', 'r3:n3']);
    expect(content.link).toBe('https://strata.example.com/api/v1/tenants/acme-corp/jobs/job-1');
    expect(formatDuration(3725)).toBe('1h 2m 5s');
  });

  it('makes an email whose text and HTML parts say the same, with everything escaped in the HTML', () => {
    const email = composeEmail(content);
    expect(email.subject).toBe('Strata job "nightly <script>alert(1)</script> & co" completed: 3 new findings (critical 1, medium 2), EUR 1,234.50 monthly savings');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('aws, demo');
      expect(part).toContain('2m 5s');
      expect(part).toContain('EUR 1,234.50');
      expect(part).toContain(content.link);
    }
    expect(email.text).toContain('Unattached <b>volume</b>');
    expect(email.html).not.toMatch(/<script>|<b>volume/);
    expect(email.html).toContain('nightly &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(email.html).toContain('Unattached &lt;b&gt;volume&lt;/b&gt;');
  });

  it('keeps a subject on one line whatever the job is called', () => {
    const email = composeEmail(notificationContent({ tenantId: 't', job: { ...job, name: 'a\r\nBcc: evil@example.com' }, findings: [], minSeverity: 'info', publicUrl: 'http://localhost:8080' }));
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('makes a Slack Block Kit summary within Slack\'s limits, with mrkdwn escaped', () => {
    const slack = composeSlack(content);
    expect(slack.text).toContain('3 new findings');
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    // plain_text (the header) is shown as written; mrkdwn must not carry a raw <, > or &.
    const mrkdwn = JSON.stringify(slack.blocks.slice(1));
    expect(mrkdwn).not.toMatch(/<script>|<b>| & /);
    expect(mrkdwn).toContain('&lt;script&gt;');
    expect(slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Job nightly <script>alert(1)</script> & co completed', emoji: false } });
    expect(slack.blocks[3]).toMatchObject({ elements: [{ type: 'button', url: content.link }] });
    const fields = (slack.blocks[1] as { fields: unknown[] }).fields;
    expect(fields.length).toBeLessThanOrEqual(10);
  });

  it('says why a failed job failed', () => {
    const failed = notificationContent({ tenantId: 't', job: { ...job, status: 'failed', stats: null, estimated_monthly_savings: null, error: { code: 'invalid_credential', message: 'the key was refused' } }, findings: [], minSeverity: 'info', publicUrl: 'http://localhost:8080' });
    expect(composeEmail(failed).subject).toBe('Strata job "nightly <script>alert(1)</script> & co" failed: invalid_credential');
    expect(composeEmail(failed).text).toContain('invalid_credential: the key was refused');
    expect(JSON.stringify(composeSlack(failed).blocks)).toContain('the key was refused');
  });

  it('makes the webhook body an envelope with the content as data', () => {
    const body = JSON.parse(composeWebhookBody(content, { deliveryId: 'evt-1:ch-1', type: 'notification.JobCompleted', time: job.ended_at }));
    expect(body).toEqual({ id: 'evt-1:ch-1', type: 'notification.JobCompleted', tenant_id: 'acme-corp', time: job.ended_at, version: 1, data: JSON.parse(JSON.stringify(content)) });
  });
});
