import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFrameworks, loadPriceTable } from './load-pack-data';
import { fieldPath, PackDataError } from './pack-data-error';

describe('pack data loader', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-packs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    mkdirSync(join(dir, 'frameworks'), { recursive: true });
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const framework = (id: string, controls: string) => `id: ${id}\nname: Test\nversion: "1"\nsource: ours\ncontrols:\n${controls}`;
  const thrown = (run: () => unknown): PackDataError => {
    try {
      run();
    } catch (error) {
      if (error instanceof PackDataError) return error;
      throw error;
    }
    throw new Error('did not throw');
  };

  it('loads the frameworks of a directory, sorted by id, ignoring other files', () => {
    write('frameworks/b.yaml', framework('b', '  - { id: "1.10", section: S, title: T }\n'));
    write('frameworks/a.yml', framework('a', '  - { id: "X-1", section: S, title: T }\n'));
    write('frameworks/README.md', '# not a framework');
    expect(loadFrameworks(join(dir, 'frameworks')).map((f) => [f.id, f.controls[0]!.id])).toEqual([
      ['a', 'X-1'],
      ['b', '1.10'],
    ]);
  });

  it('names the file and the field of an invalid framework', () => {
    const file = write('frameworks/a.yaml', framework('a', '  - { id: "1.1", section: S, title: T }\n  - { id: 1.10, section: S, title: T }\n'));
    const error = thrown(() => loadFrameworks(join(dir, 'frameworks')));
    expect(error.file).toBe(file);
    expect(error.message).toBe(`${file}: controls[1].id: Invalid input: expected string, received number`);
  });

  it('names duplicate ids, a mismatched file name, bad YAML and a missing directory', () => {
    write('frameworks/a.yaml', framework('a', '  - { id: "1", section: S, title: T }\n  - { id: "1", section: S, title: U }\n'));
    expect(thrown(() => loadFrameworks(join(dir, 'frameworks'))).message).toMatch(/a\.yaml: controls\[1\]\.id: duplicate control id "1"$/);
    write('frameworks/a.yaml', framework('b', '  - { id: "1", section: S, title: T }\n'));
    expect(thrown(() => loadFrameworks(join(dir, 'frameworks'))).message).toMatch(/a\.yaml: id: "b" must match the file name \("a"\)$/);
    write('frameworks/a.yaml', 'id: a\nid: b\n');
    expect(thrown(() => loadFrameworks(join(dir, 'frameworks'))).message).toMatch(/a\.yaml: not valid YAML: .*unique/s);
    expect(thrown(() => loadFrameworks(join(dir, 'nowhere'))).file).toBe(join(dir, 'nowhere'));
  });

  it('names the file and the field of an invalid price table', () => {
    const table = { version: '2026-11-01', source: 's', currency: 'USD', hours_per_month: 730, regions: { 'us-east-1': { 'ebs.gp3.gb_month': 0.08 } } };
    const file = write('aws.json', JSON.stringify(table));
    expect(loadPriceTable(file)).toEqual(table);
    writeFileSync(file, JSON.stringify({ ...table, regions: { 'us-east-1': { 'ebs.gp3.gb_month': 'cheap' } } }));
    expect(thrown(() => loadPriceTable(file)).message).toBe(`${file}: regions["us-east-1"]["ebs.gp3.gb_month"]: Invalid input: expected number, received string`);
    writeFileSync(file, '{ "version": ');
    expect(thrown(() => loadPriceTable(file)).message).toMatch(/aws\.json: not valid JSON/);
    expect(thrown(() => loadPriceTable(join(dir, 'none.json'))).message).toMatch(/none\.json: ENOENT/);
  });

  it('writes field paths as one would in code', () => {
    expect(fieldPath(['controls', 3, 'id'])).toBe('controls[3].id');
    expect(fieldPath(['regions', 'eu-west-1', 'ebs.gp3.gb_month'])).toBe('regions["eu-west-1"]["ebs.gp3.gb_month"]');
    expect(fieldPath([])).toBe('(root)');
  });
});
