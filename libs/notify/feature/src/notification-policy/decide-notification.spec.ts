import fc from 'fast-check';
import { NOTIFICATION_SEVERITIES, type NotificationSeverity } from '../notification-model/notification-severity';
import { decideNotification, type NewFinding, type NotificationPolicy } from './decide-notification';

const finding = (severity: NotificationSeverity, kind: 'cost' | 'compliance', status: 'open' | 'muted' | 'resolved' = 'open', monthly_savings_usd: number | null = kind === 'cost' ? 10 : null): NewFinding => ({ severity, kind, status, monthly_savings_usd });
const scanComplete = (min_severity: NotificationSeverity = 'info'): NotificationPolicy => ({ notification_trigger_mode: 'scan_complete', min_severity });
const wasteOnly = (min_severity: NotificationSeverity = 'info'): NotificationPolicy => ({ notification_trigger_mode: 'waste_only', min_severity });

describe('decideNotification', () => {
  it.each([
    ['scan_complete, completed, nothing found', scanComplete(), 'completed', [], true],
    ['scan_complete, failed', scanComplete(), 'failed', [], true],
    ['scan_complete, only findings below the minimum', scanComplete('high'), 'completed', [finding('low', 'cost')], true],
    ['waste_only, failed', wasteOnly(), 'failed', [finding('critical', 'cost')], false],
    ['waste_only, nothing found', wasteOnly(), 'completed', [], false],
    ['waste_only, a new cost finding with savings', wasteOnly(), 'completed', [finding('low', 'cost')], true],
    ['waste_only, a new cost finding whose savings are unknown', wasteOnly(), 'completed', [finding('low', 'cost', 'open', null)], true],
    ['waste_only, a new cost finding saving nothing', wasteOnly(), 'completed', [finding('low', 'cost', 'open', 0)], false],
    ['waste_only, compliance findings only', wasteOnly(), 'completed', [finding('critical', 'compliance')], false],
    ['waste_only, the cost finding is muted', wasteOnly(), 'completed', [finding('critical', 'cost', 'muted')], false],
    ['waste_only, the cost finding is below the minimum', wasteOnly('high'), 'completed', [finding('medium', 'cost'), finding('critical', 'compliance')], false],
    ['waste_only, a cost finding at the minimum', wasteOnly('high'), 'completed', [finding('high', 'cost')], true],
  ] as const)('%s → send %s', (_name, policy, outcome, findings, send) => {
    expect(decideNotification(policy, outcome, findings).send).toBe(send);
  });

  it('lists only unmuted findings at or above the minimum severity, in their order', () => {
    const findings = [finding('critical', 'compliance'), finding('low', 'cost'), finding('high', 'cost', 'muted'), finding('medium', 'cost'), finding('info', 'compliance')];
    expect(decideNotification(scanComplete('medium'), 'completed', findings).findings).toEqual([findings[0], findings[3]]);
    expect(decideNotification(scanComplete(), 'completed', findings).findings).toHaveLength(4);
  });

  /** The rule, written as plainly as possible, checked against the implementation over random jobs, findings and policies. */
  it('agrees with a plain oracle over random policies and findings', () => {
    const rank = (severity: string) => NOTIFICATION_SEVERITIES.length - NOTIFICATION_SEVERITIES.indexOf(severity as NotificationSeverity);
    const arbFinding = fc.record({
      severity: fc.constantFrom(...NOTIFICATION_SEVERITIES),
      kind: fc.constantFrom('cost', 'compliance'),
      status: fc.constantFrom('open', 'muted', 'resolved'),
      monthly_savings_usd: fc.option(fc.constantFrom(0, 0.5, 12, 300), { nil: null }),
    });
    const arbPolicy = fc.record({ notification_trigger_mode: fc.constantFrom('scan_complete' as const, 'waste_only' as const), min_severity: fc.constantFrom(...NOTIFICATION_SEVERITIES) });
    fc.assert(
      fc.property(arbPolicy, fc.constantFrom('completed' as const, 'failed' as const), fc.array(arbFinding, { maxLength: 12 }), (policy, outcome, findings) => {
        const listed = findings.filter((f) => f.status !== 'muted' && rank(f.severity) >= rank(policy.min_severity));
        let send: boolean;
        if (policy.notification_trigger_mode === 'scan_complete') send = true;
        else if (outcome === 'failed') send = false;
        else send = listed.some((f) => f.kind === 'cost' && (f.monthly_savings_usd === null || f.monthly_savings_usd > 0));
        const decision = decideNotification(policy, outcome, findings);
        expect(decision.send).toBe(send);
        expect(decision.findings).toEqual(listed);
        // Never a muted finding, never one below the minimum.
        expect(decision.findings.every((f) => f.status !== 'muted' && rank(f.severity) >= rank(policy.min_severity))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
