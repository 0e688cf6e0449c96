/**
 * Faults combined with a window reload: the engine is disposed mid-operation (as when the
 * extension host goes away) and a new one resumes from the same journal — during a throttled
 * wait on the action, during throttled status polling, and during a Volcengine batch wait whose
 * reads are throttled. Each is resumed and ends with the state read back; nothing is sent twice.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { armActions, eventsOf, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import { InMemoryJournal, type OperationEvent, type OperationRecord } from '../../src/fleet/index';

let h: FleetHarness;

before(async () => {
  h = await startFleet({ transitionMs: 1200, retryAfterSeconds: 0 });
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

const STATUS_URL = /\/operations\/[^/]+$/;

/** Starts a request in a first window, reloads when `when` sees its event, resumes in a second one. */
async function reloadDuring(start: (engine: ReturnType<FleetHarness['newEngine']>) => OperationRecord, when: (event: OperationEvent) => boolean): Promise<OperationRecord> {
  const journal = new InMemoryJournal();
  const first = h.newEngine(journal);
  let reloaded!: () => void;
  const reloadNow = new Promise<void>((resolve) => { reloaded = resolve; });
  first.onDidChange((_record, event) => { if (when(event)) reloaded(); });
  const record = start(first);
  await reloadNow;
  await first.flush();
  first.dispose();
  const second = h.newEngine(journal);
  await second.resumeAll();
  await second.flush();
  const resumed = second.get(record.id);
  second.dispose();
  assert.ok(resumed, 'the journal kept the operation');
  h.records.push(resumed);
  assert.ok(resumed.events.some((e) => e.type === 'resumed'), 'it was resumed');
  return resumed;
}

void describe('faults with a reload', () => {
  scenario('faults with a reload', 'azure', 'reload while the action waits out a 429: resumed, not sent again, the state read back', async () => {
    const [vm] = await h.azureTargets('vmss-web', ['1']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    h.emu.inject({ kind: 'throttle', service: 'arm', route: /\/poweroff$/, retryAfterSeconds: 2 });
    const m = h.mark();
    const record = await reloadDuring(
      (engine) => engine.start({ kind: 'azure.powerOff', targets: [vm], options: { skipShutdown: true } }).record,
      (event) => event.type === 'waiting',
    );
    // Give the first window's SDK the time its retry would have taken: it must not send.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const actions = armActions(h.since(m));
    assert.deepEqual(actions.map((r) => r.status), [429], 'only the throttled attempt; neither window sent it again');
    assert.notEqual(record.status, 'running');
    assert.notEqual(record.results[vm.id]?.status, 'succeeded');
    assert.equal(record.results[vm.id]?.finalState, 'running', 'read back, not guessed');
    return { requests: h.since(m).length };
  });

  scenario('faults with a reload', 'azure', 'reload during polling while status polls are throttled: resumed from the journaled poller, one action', async () => {
    const [vm] = await h.azureTargets('vmss-web', ['3']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    h.emu.inject({ kind: 'throttle', service: 'arm', route: STATUS_URL, retryAfterSeconds: 0, count: 3 });
    const m = h.mark();
    const record = await reloadDuring(
      (engine) => engine.start({ kind: 'azure.deallocate', targets: [vm], options: { hibernate: false } }).record,
      // A throttled status poll: the request was accepted and its poller journaled.
      (event) => event.type === 'waiting',
    );
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[vm.id]?.finalState, 'deallocated');
    assert.equal(armActions(h.since(m)).length, 1);
    return { requests: h.since(m).length };
  });

  scenario('faults with a reload', 'volcengine', 'reload during a batch wait whose reads are throttled: resumed, one StopInstances, every instance stopped', async () => {
    const ids = ['i-bj01a0000000000001', 'i-bj01a0000000000002', 'i-bj02b0000000000007'];
    for (const id of ids) h.emu.control.volcengine.setStatus(id, 'RUNNING');
    h.emu.inject({ kind: 'throttle', service: 'volc', route: /^DescribeInstances$/, count: 3 });
    const m = h.mark();
    const record = await reloadDuring(
      (engine) => engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-beijing', ids), options: h.stopOptions() }).record,
      (event) => event.type === 'waiting' || event.type === 'progress',
    );
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    for (const id of ids) assert.equal(record.results[id]?.finalState, 'STOPPED');
    const stops = h.since(m).filter((r) => r.service === 'volc' && /^StopInstances?$/.test(r.query.Action ?? ''));
    assert.equal(stops.length, 1, 'never sent again');
    assert.ok(eventsOf(record, 'stateRead').length >= 3);
    return { requests: h.since(m).length };
  });
});
