/**
 * The operation deadline with Check again, through the real drivers: an ARM operation that
 * never ends stops being waited for at the deadline ("still running in the cloud"), and Check
 * again follows a still-running operation from its journal to its end without sending it again.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { armActions, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import { canCheckAgain, InMemoryJournal, OperationEngine, type OperationRecord } from '../../src/fleet/index';
import { formatEvent } from '../../src/ui/outputFormat';
import { outcomeMessage } from '../../src/ui/outcomes';
import { operationPresentation } from '../../src/ui/tree/operationPresentation';

let h: FleetHarness;

before(async () => {
  // Transitions long enough (1.5 s) that a 300 ms deadline always comes first.
  h = await startFleet({ transitionMs: 1500 });
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

/** An engine like the extension's, with a deadline the test can move. */
function engineWith(deadline: { ms: number }, journal = new InMemoryJournal()): OperationEngine {
  h.journals.push(journal);
  const engine = new OperationEngine({ providers: h.providers, journal, deadlineMs: () => deadline.ms });
  engine.onDidChange((record, event) => { for (const line of formatEvent(record, event)) h.outputLines.push(line.text); });
  h.track(engine);
  return engine;
}

function assertStillRunning(record: OperationRecord): void {
  assert.equal(record.error?.code, 'StillRunning');
  assert.match(record.error?.message ?? '', /Still running in the cloud — Fleet Power stopped waiting/);
  assert.ok(canCheckAgain(record), 'Check again is offered');
  assert.ok(record.resume !== undefined, 'what Check again needs is kept');
  assert.match(operationPresentation(record, Date.now()).description ?? '', /still running in the cloud — Fleet Power stopped waiting/);
  assert.match(operationPresentation(record, Date.now()).contextValue ?? '', /;canCheckAgain\b/);
  assert.match(outcomeMessage(record).message, /still running in the cloud.*Check again/);
}

void describe('deadline and Check again', () => {
  scenario('operation deadline', 'azure', 'an operation that never ends: still running at the deadline, the action sent once', async () => {
    const [vm] = await h.azureTargets('vmss-web', ['19']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    h.emu.inject({ kind: 'lroStuck', service: 'arm', route: /\/poweroff$/ });
    const engine = engineWith({ ms: 300 });
    const m = h.mark();
    const started = Date.now();
    const record = await engine.start({ kind: 'azure.powerOff', targets: [vm], options: { skipShutdown: true } }).done;
    await engine.flush();
    engine.dispose();
    h.records.push(record);
    assert.ok(Date.now() - started < 5000, 'waiting stopped at the deadline');
    assert.equal(record.status, 'unknown');
    assertStillRunning(record);
    assert.equal(record.results[vm.id]?.code, 'StillRunning');
    assert.equal(armActions(h.since(m)).length, 1);
    assert.ok(h.outputLines.some((l) => l.includes(record.id) && /StillRunning/.test(l)), 'the output says so');
    return { requests: h.since(m).length };
  });

  scenario('operation deadline', 'azure', 'Check again follows a deallocate from its journal to the end; nothing is sent again', async () => {
    const [vm] = await h.azureTargets('vmss-dev', ['0']);
    assert.ok(vm);
    h.emu.control.azure.setPowerState(vm.id, 'running');
    const deadline = { ms: 300 };
    const journal = new InMemoryJournal();
    const first = engineWith(deadline, journal);
    const m = h.mark();
    const stopped = await first.start({ kind: 'azure.deallocate', targets: [vm], options: { hibernate: false } }).done;
    await first.flush();
    first.dispose();
    assertStillRunning(stopped);
    // A later window (the journal as saved) checks again with the deadline back to normal.
    deadline.ms = 60_000;
    const later = engineWith(deadline, journal);
    const again = later.checkAgain(stopped.id);
    assert.ok(again, 'Check again starts');
    const record = await again.done;
    await later.flush();
    later.dispose();
    h.records.push(record);
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[vm.id]?.finalState, 'deallocated');
    assert.ok(record.events.some((e) => e.type === 'resumed' && e.reason === 'checkAgain'));
    assert.ok(!canCheckAgain(record));
    assert.equal(record.resume, undefined, 'finished: nothing left to follow');
    assert.equal(armActions(h.since(m)).length, 1, 'Check again never sends the action');
    assert.ok(h.outputLines.some((l) => l.includes(record.id) && /Checking again/.test(l)));
    return { requests: h.since(m).length };
  });

  scenario('operation deadline', 'volcengine', 'a stop still STOPPING at the deadline; Check again reads it to STOPPED, one stop', async () => {
    const id = 'i-gz01a0000000000016';
    h.emu.control.volcengine.setStatus(id, 'RUNNING');
    const deadline = { ms: 300 };
    const engine = engineWith(deadline);
    const m = h.mark();
    const stopped = await engine.start({ kind: 'volcengine.stopInstance', targets: h.volcTargets('cn-guangzhou', [id]), options: h.stopOptions() }).done;
    assertStillRunning(stopped);
    deadline.ms = 60_000;
    const again = engine.checkAgain(stopped.id);
    assert.ok(again);
    const record = await again.done;
    await engine.flush();
    engine.dispose();
    h.records.push(record);
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[id]?.finalState, 'STOPPED');
    const stops = h.since(m).filter((r) => r.service === 'volc' && /^StopInstances?$/.test(r.query.Action ?? ''));
    assert.equal(stops.length, 1);
    return { requests: h.since(m).length };
  });
});
