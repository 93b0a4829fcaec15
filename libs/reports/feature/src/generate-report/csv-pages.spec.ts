import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { CsvPages } from './csv-pages';

describe('CsvPages', () => {
  it('writes the header once, then each page, as csv-stringify would (quotes, commas, newlines)', async () => {
    const csv = new CsvPages(['a', 'b']);
    const written = text(csv.stream);
    await csv.write([['1', 'x,y']]);
    await csv.write([]);
    await csv.write([['2', 'line\nbreak "quoted"']]);
    csv.end();
    const out = await written;
    expect(parse(out, { columns: true })).toEqual([{ a: '1', b: 'x,y' }, { a: '2', b: 'line\nbreak "quoted"' }]);
  });

  it('is its header alone when no rows come', async () => {
    const csv = new CsvPages(['a', 'b']);
    const written = text(csv.stream);
    csv.end();
    expect(await written).toBe('a,b\n');
  });

  it('waits while its reader is behind, and stops the writer once the reader is gone', async () => {
    const csv = new CsvPages(['n']);
    const big = Array.from({ length: 20_000 }, (_, i) => [String(i)]);
    await csv.write(big); // more than the stream's buffer: the next write waits for a read
    let second = false;
    const pending = csv.write(big).then(() => (second = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(second).toBe(false);
    csv.stream.read(); // the reader catches up
    await pending;
    expect(second).toBe(true);
    csv.stream.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    await expect(csv.write(big)).rejects.toThrow(/closed before its end/);
  });
});
