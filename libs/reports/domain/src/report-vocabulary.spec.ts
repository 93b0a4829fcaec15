import { reportRetentionCutoff } from './report-retention';
import { csvSectionOf, orderedSections, reportFileName } from './report-vocabulary';

describe('report vocabulary', () => {
  it('orders requested sections as a report shows them; none requested is all', () => {
    expect(orderedSections(['kubernetes', 'summary'])).toEqual(['summary', 'kubernetes']);
    expect(orderedSections(undefined)).toHaveLength(8);
    expect(orderedSections([])).toHaveLength(8);
  });

  it('makes a CSV of the findings unless only the inventory is asked for', () => {
    expect(csvSectionOf(undefined)).toBe('findings');
    expect(csvSectionOf(['inventory'])).toBe('inventory');
    expect(csvSectionOf(['inventory', 'findings'])).toBe('findings');
    expect(csvSectionOf(['summary'])).toBe('findings');
  });

  it('names files safely for any title (no quotes, slashes or spaces reach the header)', () => {
    expect(reportFileName({ id: 'rpt_1', job_id: 'job-9', format: 'pdf', title: 'Q4 "audit" / café' })).toBe('Q4-audit-cafe-job-9-rpt_1.pdf');
    expect(reportFileName({ id: 'rpt_1', job_id: 'job-9', format: 'csv', title: null })).toBe('strata-report-job-9-rpt_1.csv');
    expect(reportFileName({ id: 'rpt_1', job_id: 'job-9', format: 'json', title: '///' })).toBe('strata-report-job-9-rpt_1.json');
  });

  it('puts the retention cutoff whole days before now', () => {
    expect(reportRetentionCutoff(new Date('2026-03-31T12:00:00.000Z'), 90)).toBe('2025-12-31T12:00:00.000Z');
  });
});
