/**
 * Re-reads what an operation touched until nothing is changing any more: poll only what is
 * in a transitional state, stop when it settles (or after a bounded number of rounds).
 * The scheduler is injectable so tests drive the rounds. No 'vscode' import.
 */
export interface Scheduler {
  schedule(run: () => void, ms: number): () => void;
}

const realScheduler: Scheduler = {
  schedule(run, ms) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export class SettlePoller {
  private readonly cancels = new Set<() => void>();
  private disposed = false;

  constructor(
    private readonly intervalMs: () => number,
    private readonly scheduler: Scheduler = realScheduler,
    private readonly maxRounds = 120,
  ) {}

  /** Reads now; while `changing()` says so, reads again every interval. Resolves after the first read. */
  async watch(read: () => Promise<void>, changing: () => boolean): Promise<void> {
    await this.round(read, changing, 0);
  }

  /** Rounds waiting to run (for tests and leak checks). */
  get pending(): number {
    return this.cancels.size;
  }

  private async round(read: () => Promise<void>, changing: () => boolean, round: number): Promise<void> {
    if (this.disposed) return;
    await read();
    if (this.disposed || round + 1 >= this.maxRounds || !changing()) return;
    const cancel = this.scheduler.schedule(() => {
      this.cancels.delete(cancel);
      void this.round(read, changing, round + 1);
    }, this.intervalMs());
    this.cancels.add(cancel);
  }

  dispose(): void {
    this.disposed = true;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }
}
