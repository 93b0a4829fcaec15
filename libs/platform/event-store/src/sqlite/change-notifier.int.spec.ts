import fs from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@strata/testing';
import { ChangeNotifier } from './change-notifier';

describe('ChangeNotifier', () => {
  it('falls back to the poll, and says so, when the directory cannot be watched', async () => {
    const warnings: string[] = [];
    const notifier = new ChangeNotifier({
      databasePath: join(tmpdir(), `missing-${randomUUID()}`, 'strata.db'),
      pollIntervalMs: 20,
      settleMs: 50,
      logger: { warn: (_details, message) => warnings.push(message) },
    });
    const signal = notifier.listen();
    try {
      signal.clear();
      await signal.wait();
      expect(warnings).toEqual([expect.stringContaining('cannot watch')]);
    } finally {
      notifier.close();
    }
  });

  it('watches once for all listeners and stops when the last one leaves', () => {
    const watch = jest.spyOn(fs, 'watch');
    const notifier = new ChangeNotifier({ databasePath: join(tmpdir(), 'strata.db'), pollIntervalMs: 1_000, settleMs: 50 });
    try {
      const first = notifier.listen();
      const second = notifier.listen();
      expect(watch).toHaveBeenCalledTimes(1);
      const watcher = watch.mock.results[0]?.value as fs.FSWatcher;
      const close = jest.spyOn(watcher, 'close');

      notifier.unlisten(first);
      expect(close).not.toHaveBeenCalled();
      notifier.unlisten(second);
      expect(close).toHaveBeenCalledTimes(1);
    } finally {
      notifier.close();
      watch.mockRestore();
    }
  });

  it('wakes on a file event, then at most once per settle window however many commits follow', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'notifier-'));
    const wal = join(dir, 'strata.db-wal');
    fs.writeFileSync(wal, '');
    // Polling once a minute: every raise below comes from a file event.
    const notifier = new ChangeNotifier({ databasePath: join(dir, 'strata.db'), pollIntervalMs: 60_000, settleMs: 200 });
    const raisedAt: number[] = [];
    const signal = notifier.listen();
    jest.spyOn(signal, 'raise').mockImplementation(() => void raisedAt.push(Date.now()));
    try {
      const burst = setInterval(() => fs.appendFileSync(wal, 'x'), 2);
      await new Promise((resolve) => setTimeout(resolve, 700));
      clearInterval(burst);
      await new Promise((resolve) => setTimeout(resolve, 450));
      // Hundreds of writes over 700 ms: the first wakes it, then one per 200 ms window, and one
      // last look after the burst.
      expect(raisedAt.length).toBeGreaterThanOrEqual(3);
      expect(raisedAt.length).toBeLessThanOrEqual(6);
    } finally {
      notifier.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sees a lone commit after a quiet spell at once, not at the end of a settle window', async () => {
    const dir = fs.mkdtempSync(join(tmpdir(), 'notifier-'));
    const wal = join(dir, 'strata.db-wal');
    fs.writeFileSync(wal, '');
    // A settle window and a poll far beyond the wait below: a raise within it shows neither was waited out.
    const notifier = new ChangeNotifier({ databasePath: join(dir, 'strata.db'), pollIntervalMs: 600_000, settleMs: 600_000 });
    let raised = 0;
    const signal = notifier.listen();
    jest.spyOn(signal, 'raise').mockImplementation(() => void (raised += 1));
    try {
      fs.appendFileSync(wal, 'y');
      await waitFor(() => raised === 1, { message: 'the lone commit to be seen' });
    } finally {
      notifier.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
