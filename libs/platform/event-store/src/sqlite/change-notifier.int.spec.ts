import fs from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
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
});
