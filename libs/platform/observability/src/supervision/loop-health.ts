/** A long-running loop that is down: it failed and has not been healthy since. */
export interface DownLoop {
  name: string;
  /** When it first failed in this run of failures (ISO 8601). */
  downSince: string;
  /** Failures in a row. */
  failures: number;
}

/**
 * Which of this process's long-running loops (event relay, projections, sweeps, consumers' pull
 * loops) are down, for `GET /status`. A loop reports each failure and each recovery; it is down
 * from its first failure until it recovers. Process-wide by nature: `processLoopHealth`.
 */
export class LoopHealth {
  private readonly down = new Map<string, DownLoop>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  failed(name: string): void {
    const current = this.down.get(name);
    this.down.set(name, { name, downSince: current?.downSince ?? this.now().toISOString(), failures: (current?.failures ?? 0) + 1 });
  }

  recovered(name: string): void {
    this.down.delete(name);
  }

  /** The loops down now, by name. */
  downLoops(): DownLoop[] {
    return [...this.down.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/** The loops of this process. */
export const processLoopHealth = new LoopHealth();
