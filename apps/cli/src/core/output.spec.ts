import { parse as parseYaml } from 'yaml';
import { cell, columns, formatTable, render } from './output';

const page = {
  items: [
    { id: 'job-1', name: 'Demo', status: 'completed', progress: { phase: 'completed', percent: 100, counts: {} } },
    { id: 'job-22', name: 'A longer name', status: 'running', progress: { phase: 'discovering', percent: 40, counts: { vpcs: 2 } } },
  ],
  total: 2,
  next_cursor: 'abc',
};
const jobColumns = columns(['ID', 'id'], ['NAME', 'name'], ['PHASE', 'progress.phase'], ['PERCENT', 'progress.percent']);

describe('output formats', () => {
  it('json is the API answer unchanged', () => {
    expect(JSON.parse(render(page, { format: 'json', quiet: false, columns: jobColumns }))).toEqual(page);
  });

  it('yaml is the same data', () => {
    expect(parseYaml(render(page, { format: 'yaml', quiet: false, columns: jobColumns }))).toEqual(page);
  });

  it('--quiet prints the ids only, one a line, whatever the format', () => {
    expect(render(page, { format: 'json', quiet: true })).toBe('job-1\njob-22\n');
    expect(render({ id: 'cred-1', kind: 'demo' }, { format: 'table', quiet: true })).toBe('cred-1\n');
    expect(render({ status: 'running' }, { format: 'table', quiet: true, idOf: (row) => row['status'] })).toBe('running\n');
  });

  it('a list is an aligned table with a header, then how to get the next page', () => {
    expect(render(page, { format: 'table', quiet: false, columns: jobColumns })).toBe(
      ['ID      NAME           PHASE        PERCENT', 'job-1   Demo           completed    100', 'job-22  A longer name  discovering  40', '(more: --cursor abc)', ''].join('\n'),
    );
  });

  it('the cursor envelope tells the next page only while has_more', () => {
    const more = { items: [{ id: 'a' }], page: { limit: 1, next_cursor: 'c1', has_more: true } };
    const last = { items: [{ id: 'a' }], page: { limit: 1, next_cursor: 'c2', has_more: false } };
    expect(render(more, { format: 'table', quiet: false, columns: columns(['ID', 'id']) })).toContain('--cursor c1');
    expect(render(last, { format: 'table', quiet: false, columns: columns(['ID', 'id']) })).not.toContain('--cursor');
  });

  it('an object is FIELD/VALUE rows, nested values as compact JSON', () => {
    expect(render({ id: 'x', stats: { a: 1 }, error: null }, { format: 'table', quiet: false })).toBe('FIELD  VALUE\nid     x\nstats  {"a":1}\nerror\n');
  });

  it('cells are one line; lists of scalars are joined with commas', () => {
    expect(cell('a\n  b')).toBe('a b');
    expect(cell(['demo', 'aws'])).toBe('demo,aws');
    expect(cell(undefined)).toBe('');
    expect(formatTable(['A', 'B'], [['long value', '']])).toBe('A           B\nlong value\n');
  });
});
