import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';

/**
 * CSV made a page of rows at a time with csv-stringify (its synchronous form, one call per page:
 * the same output as its stream, without a stream write per row), read as `stream`. `write`
 * waits while `stream`'s reader is behind, so at most about one page of CSV is held.
 */
export class CsvPages {
  readonly stream: Readable;
  private headed = false;
  private readerBehind = false;
  private wake: (() => void) | undefined;
  private failure: Error | undefined;

  constructor(private readonly columns: readonly string[]) {
    this.stream = new Readable({
      read: () => {
        this.readerBehind = false;
        this.notify();
      },
    });
    // Its reader gave up (the store's write failed): the rows stop being read too.
    this.stream.once('close', () => {
      if (!this.stream.readableEnded) this.failure ??= new Error('the CSV stream was closed before its end');
      this.notify();
    });
  }

  /** Adds `rows` (the header first, before the first page). */
  async write(rows: unknown[][]): Promise<void> {
    while (this.readerBehind && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.failure) throw this.failure;
    if (rows.length === 0) return;
    this.push(stringify(rows, this.headed ? {} : { header: true, columns: [...this.columns] }));
    this.headed = true;
  }

  /** No more rows (a CSV of none is its header). */
  end(): void {
    if (!this.headed) this.push(stringify([], { header: true, columns: [...this.columns] }));
    this.stream.push(null);
  }

  /** `stream` fails with `error`. */
  fail(error: Error): void {
    this.failure = error;
    this.stream.destroy(error);
    this.notify();
  }

  private push(text: string): void {
    if (!this.stream.push(text)) this.readerBehind = true;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
