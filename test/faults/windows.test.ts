/**
 * Two windows, one operation, through the real Azure driver: a second window that finds an
 * operation the first is driving shows it and follows it without polling; when the first
 * window goes away mid-operation, the second takes over from the journal. One action, one
 * poller at a time, both histories end right.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { armActions, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import { createAzureDrivers } from '../../src/cloud/azure/index';
import {
  AZURE_CLOUD, cloudProvider, InMemoryJournal, InMemoryLeaseStore, OperationEngine, OperationLeases,
  type Lease, type LeaseStore, type OperationDriver,
} from '../../src/fleet/index';
import { formatEvent } from '../../src/ui/outputFormat';

let h: FleetHarness;

before(async () => {
  h = await startFleet({ transitionMs: 2500 });
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

/** A window's view of the shared lease store; cut = its process is gone. */
class WindowStore implements LeaseStore {
  cut = false;
  constructor(private readonly shared: LeaseStore) {}
  get(id: string): Lease | undefined { return this.shared.get(id); }
  set(id: string, lease: Lease | undefined): Promise<void> { return this.cut ? Promise.resolve() : this.shared.set(id, lease); }
}

/** One window: its own Azure drivers (counting resumes) over the shared client, journal and leases. */
function window(name: string, journal: InMemoryJournal, store: LeaseStore, counts: { resumes: number }, output: string[]): OperationEngine {
  const drivers = createAzureDrivers(h.azure, { pollIntervalMs: 20 }).map((driver): OperationDriver => ({
    kind: driver.kind,
    run: (record, ctx) => driver.run(record, ctx),
    resume: (record, ctx) => { counts.resumes++; return driver.resume(record, ctx); },
  }));
  const engine = new OperationEngine({
    providers: [cloudProvider(AZURE_CLOUD, () => drivers)], journal,
    leases: new OperationLeases(store, { holder: name, heartbeatMs: 50, staleMs: 400, settleMs: 20 }), followMs: 40,
  });
  engine.onDidChange((record, event) => { for (const line of formatEvent(record, event)) output.push(`${name} ${line.text}`); });
  h.track(engine);
  h.journals.push(journal);
  return engine;
}

const until = async (what: string, check: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

void describe('two windows', () => {
  scenario('two windows, one operation', 'azure', 'the second window follows what the first drives; it polls nothing and sees the end', async () => {
    const [vm] = await h.azureTargets('vmss-web', ['20']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    const journal = new InMemoryJournal();
    const store = new InMemoryLeaseStore();
    const countsA = { resumes: 0 };
    const countsB = { resumes: 0 };
    const a = window('A', journal, store, countsA, h.outputLines);
    const m = h.mark();
    const { record, done } = a.start({ kind: 'azure.deallocate', targets: [vm], options: { hibernate: false } });
    await until('the action to be accepted', () => record.events.some((e) => e.type === 'accepted'));
    await a.flush();
    const b = window('B', journal, store, countsB, h.outputLines);
    void b.resumeAll();
    const followed = b.whenDone(record.id);
    assert.ok(followed, 'B shows and follows it');
    const final = await done;
    const seenByB = await followed;
    assert.equal(final.status, 'succeeded');
    assert.equal(seenByB.status, 'succeeded', 'B follows the outcome');
    assert.equal(countsB.resumes, 0, 'B never drove it');
    assert.ok(h.outputLines.some((l) => l.startsWith('B ') && l.includes(record.id) && /succeeded/.test(l)), 'B\'s output shows the end');
    assert.equal(armActions(h.since(m)).length, 1);
    a.dispose();
    b.dispose();
    return { requests: h.since(m).length };
  });

  scenario('two windows, one operation', 'azure', 'the driving window goes away mid-operation: the other takes over from the journal, nothing sent twice', async () => {
    const [vm] = await h.azureTargets('vmss-web', ['23']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    const journal = new InMemoryJournal();
    const store = new InMemoryLeaseStore();
    const storeOfA = new WindowStore(store);
    const countsB = { resumes: 0 };
    const a = window('A', journal, storeOfA, { resumes: 0 }, h.outputLines);
    const m = h.mark();
    const { record } = a.start({ kind: 'azure.powerOff', targets: [vm], options: { skipShutdown: true } });
    await until('the action to be accepted', () => record.events.some((e) => e.type === 'accepted'));
    await a.flush();
    const b = window('B', journal, store, countsB, h.outputLines);
    void b.resumeAll();
    const followed = b.whenDone(record.id);
    assert.ok(followed);
    // Window A's extension host dies: it stops polling and its heartbeat stops reaching the shared state.
    storeOfA.cut = true;
    a.dispose();
    const final = await followed;
    assert.equal(countsB.resumes, 1, 'B took it over once the lease went stale');
    assert.equal(final.status, 'succeeded', JSON.stringify(final.results));
    assert.equal(final.results[vm.id]?.finalState, 'stopped');
    assert.equal(armActions(h.since(m)).length, 1, 'the take-over never sends the action');
    await b.flush();
    b.dispose();
    const journaled = (JSON.parse(journal.raw()) as Array<{ id: string; status: string }>).find((r) => r.id === record.id);
    assert.equal(journaled?.status, 'succeeded', 'the shared journal ends right');
    return { requests: h.since(m).length };
  });
});
