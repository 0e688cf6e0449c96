/** Waiting and bounded concurrency: one of each, for both clouds and the trees. */

/** Resolves after `ms`, or at once when `signal` aborts (never rejects; the caller checks the signal). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** At most `limit` calls of `run` in flight at once; the others wait in order. */
export class ConcurrencyLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  readonly limit: number;

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit) || 1);
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `fn` over items with at most `limit` in flight; results keep the input order. */
export function mapWithConcurrency<T, R>(items: readonly T[], limit: number | ConcurrencyLimiter, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const limiter = typeof limit === 'number' ? new ConcurrencyLimiter(limit) : limit;
  return Promise.all(items.map((item, index) => limiter.run(() => fn(item, index))));
}
