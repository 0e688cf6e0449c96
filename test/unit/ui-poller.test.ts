/** After an operation, the touched nodes are re-read while they are changing, and only then. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Scheduler, SettlePoller } from '../../src/ui/tree/settlePoller';

class ManualScheduler implements Scheduler {
  readonly waits: number[] = [];
  private queue: Array<() => void> = [];
  schedule(run: () => void, ms: number): () => void {
    this.waits.push(ms);
    this.queue.push(run);
    return () => { this.queue = this.queue.filter((r) => r !== run); };
  }
  /** Runs every due round and lets its read finish. */
  async tick(): Promise<void> {
    const due = this.queue;
    this.queue = [];
    for (const run of due) run();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

void describe('SettlePoller', () => {
  void test('reads once when nothing is changing', async () => {
    const scheduler = new ManualScheduler();
    const poller = new SettlePoller(() => 5000, scheduler);
    let reads = 0;
    await poller.watch(() => { reads++; return Promise.resolve(); }, () => false);
    assert.equal(reads, 1);
    assert.equal(poller.pending, 0);
  });

  void test('keeps reading at the interval while a target is transitional, then stops', async () => {
    const scheduler = new ManualScheduler();
    const poller = new SettlePoller(() => 3000, scheduler);
    const states = ['deallocating', 'deallocating', 'deallocated'];
    let reads = 0;
    await poller.watch(() => { reads++; return Promise.resolve(); }, () => states[reads - 1] === 'deallocating');
    assert.equal(reads, 1);
    await scheduler.tick();
    assert.equal(reads, 2);
    await scheduler.tick();
    assert.equal(reads, 3);
    await scheduler.tick();
    assert.equal(reads, 3, 'settled: no more reads');
    assert.deepEqual(scheduler.waits, [3000, 3000]);
    assert.equal(poller.pending, 0);
  });

  void test('gives up after the round limit and stops on dispose', async () => {
    const scheduler = new ManualScheduler();
    const poller = new SettlePoller(() => 1000, scheduler, 3);
    let reads = 0;
    await poller.watch(() => { reads++; return Promise.resolve(); }, () => true);
    for (let i = 0; i < 5; i++) await scheduler.tick();
    assert.equal(reads, 3);

    const disposed = new SettlePoller(() => 1000, scheduler);
    await disposed.watch(() => { reads++; return Promise.resolve(); }, () => true);
    assert.equal(disposed.pending, 1);
    disposed.dispose();
    assert.equal(disposed.pending, 0);
    const before = reads;
    await scheduler.tick();
    assert.equal(reads, before, 'no read after dispose');
  });
});
