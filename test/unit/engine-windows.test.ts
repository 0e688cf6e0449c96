/**
 * One poller per operation across windows: two engines share one journal and one lease store,
 * as two VS Code windows share globalState. The window that started an operation drives it;
 * another window that finds it shows it and follows its outcome without driving it, and takes
 * it over only when the first window is gone. Saves of one window never drop the other's records.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AZURE_CLOUD, InMemoryJournal, InMemoryLeaseStore, OperationEngine, OperationLeases, cloudProvider,
  type DriverOutcome, type Lease, type LeaseStore, type OperationContext, type OperationDriver, type OperationEvent, type OperationRecordOf,
} from '../../src/fleet/index';

/** Polls until released; counts who polled. */
class PollingDriver implements OperationDriver<'azure.deallocate'> {
  readonly kind = 'azure.deallocate' as const;
  polls = 0;
  runs = 0;
  resumes = 0;
  finished = false;

  run(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.runs++;
    ctx.emit({ type: 'requested', action: 'deallocate', targets: record.targets.map((t) => t.id), parameters: {} });
    ctx.setResume({ accepted: true });
    return this.poll(record, ctx);
  }

  resume(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    this.resumes++;
    return this.poll(record, ctx);
  }

  private async poll(record: OperationRecordOf<'azure.deallocate'>, ctx: OperationContext): Promise<DriverOutcome> {
    while (!this.finished) {
      if (ctx.signal.aborted) return { end: 'interrupted' };
      this.polls++;
      ctx.emit({ type: 'progress', status: 'InProgress' });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const target of record.targets) ctx.setResult(target.id, { status: 'succeeded', finalState: 'deallocated' });
    return { end: 'done' };
  }
}

const request = { kind: 'azure.deallocate' as const, targets: [{ id: 'vm-1', label: 'vm-1', scope: 'ss' }], options: { hibernate: false } };
const leaseTimes = { heartbeatMs: 20, staleMs: 120, settleMs: 5 };

/** A window's view of the shared lease store; cut = the window's process is gone (nothing it writes lands any more). */
class WindowStore implements LeaseStore {
  cut = false;
  constructor(private readonly shared: LeaseStore) {}
  get(id: string): Lease | undefined { return this.shared.get(id); }
  set(id: string, lease: Lease | undefined): Promise<void> { return this.cut ? Promise.resolve() : this.shared.set(id, lease); }
}

function window(name: string, journal: InMemoryJournal, store: LeaseStore, driver: PollingDriver): OperationEngine {
  return new OperationEngine({
    providers: [cloudProvider(AZURE_CLOUD, () => [driver])], journal,
    leases: new OperationLeases(store, { holder: name, ...leaseTimes }), followMs: 15,
  });
}

const until = async (what: string, check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

void test('a second window follows an operation the first drives, and both see it end; only the first polls', async () => {
  const journal = new InMemoryJournal();
  const store = new InMemoryLeaseStore();
  const driverA = new PollingDriver();
  const driverB = new PollingDriver();
  const a = window('A', journal, store, driverA);
  const { record, done } = a.start(request);
  await until('a first poll', () => driverA.polls > 0);
  await a.flush();

  const b = window('B', journal, store, driverB);
  const seenByB: OperationEvent['type'][] = [];
  b.onDidChange((_r, event) => seenByB.push(event.type));
  const resumed = b.resumeAll();
  assert.equal(b.inFlight().length, 1, 'B shows the operation');
  const followed = b.whenDone(record.id);
  assert.ok(followed, 'whenDone answers at once, so the window tracks the operation it found');
  await until('B to see progress', () => seenByB.includes('progress'));
  assert.equal(driverB.resumes, 0, 'B never drives it while A is alive');

  driverA.finished = true;
  await done;
  await a.flush();
  const seenInB = await followed;
  await resumed;
  assert.equal(seenInB?.status, 'succeeded', 'B follows the outcome');
  assert.ok(seenByB.includes('finished'));
  assert.equal(driverB.polls, 0, 'one poller: B polled nothing');
  assert.equal(driverA.runs, 1);
  a.dispose();
  b.dispose();
});

void test('when the driving window is gone, the follower takes over from the journal and nothing is run twice', async () => {
  const journal = new InMemoryJournal();
  const store = new InMemoryLeaseStore();
  const driverA = new PollingDriver();
  const driverB = new PollingDriver();
  const storeOfA = new WindowStore(store);
  const a = window('A', journal, storeOfA, driverA);
  const { record } = a.start(request);
  await until('a first poll', () => driverA.polls > 0);
  await a.flush();
  const b = window('B', journal, store, driverB);
  void b.resumeAll();
  await until('B to follow', () => b.whenDone(record.id) !== undefined);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(driverB.resumes, 0, 'A\'s heartbeat keeps B following');

  // Window A crashes: no release reaches the shared state, its heartbeat just stops.
  storeOfA.cut = true;
  a.dispose();
  await until('B to take over after the lease went stale', () => driverB.resumes === 1, 5000);
  driverB.finished = true;
  const final = await b.whenDone(record.id);
  assert.equal(final?.status, 'succeeded');
  assert.equal(driverA.runs + driverB.runs, 1, 'the action was run once');
  assert.equal(driverB.resumes, 1);
  b.dispose();
});

void test('two windows saving at once keep each other\'s operations in the journal', async () => {
  const journal = new InMemoryJournal();
  const store = new InMemoryLeaseStore();
  const driverA = new PollingDriver();
  const driverB = new PollingDriver();
  driverA.finished = true;
  driverB.finished = true;
  const a = window('A', journal, store, driverA);
  const b = window('B', journal, store, driverB);
  const first = await a.start(request).done;
  await a.flush();
  const second = await b.start({ ...request, targets: [{ id: 'vm-2', label: 'vm-2', scope: 'ss' }] }).done;
  await b.flush();
  const third = await a.start({ ...request, targets: [{ id: 'vm-3', label: 'vm-3', scope: 'ss' }] }).done;
  await a.flush();
  const ids = (JSON.parse(journal.raw()) as Array<{ id: string }>).map((r) => r.id);
  assert.deepEqual(new Set(ids), new Set([first.id, second.id, third.id]), 'no window\'s save dropped another\'s record');
  a.dispose();
  b.dispose();
});
