/**
 * Start, restart and reboot under failure: an Azure start that fails to allocate one of its VMs
 * and a Volcengine batch start that is refused for part of its instances are reported per
 * instance with the state read back; a window reload in the middle of a start resumes the wait
 * from the journal and never sends the start again.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { RecordedRequest } from '../../emulator/src/index';
import { InMemoryJournal } from '../../src/fleet/index';
import type { OperationRecord, OperationRequest } from '../../src/fleet/model';
import { describeCloudError } from '../../src/ui/errorMessages';
import { startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';

let h: FleetHarness;

before(async () => {
  // Transitions long enough to reload in the middle of one.
  h = await startFleet({ transitionMs: 600 });
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

const starts = (sent: RecordedRequest[]): RecordedRequest[] =>
  sent.filter((r) => (r.service === 'arm' && r.method === 'POST' && /\/start$/i.test(r.path)) || (r.service === 'volc' && /^StartInstances?$/.test(r.query.Action ?? '')));

/** Starts the request, lets the engine poll `polls` times, then closes it the way a window reload does; resumes on the same journal. */
async function reloadMidway(request: OperationRequest, polls: number): Promise<{ before: OperationRecord; after: OperationRecord }> {
  const journal = new InMemoryJournal();
  const first = h.newEngine(journal);
  const { record, done } = first.start(request);
  await new Promise<void>((resolve) => {
    let seen = 0;
    const sub = first.onDidChange((r, e) => {
      if (r.id === record.id && e.type === 'progress' && ++seen >= polls) {
        sub.dispose();
        resolve();
      }
    });
  });
  await first.flush();
  first.dispose();
  const before = structuredClone(await done);
  const second = h.newEngine(journal);
  await second.resumeAll();
  await second.flush();
  const resumed = second.get(record.id);
  second.dispose();
  assert.ok(resumed);
  h.records.push(resumed);
  return { before, after: resumed };
}

void describe('start, restart and reboot under failure', () => {
  scenario('allocation failure', 'azure', 'a Uniform start where one VM finds no capacity: partial, each VM with its own result and state', async () => {
    const targets = await h.azureTargets('vmss-web', ['12', '13']);
    for (const t of targets) h.emu.control.azure.setPowerState(t.id, 'deallocated');
    h.emu.control.azure.setAllocationFailure(targets[1]?.id ?? '', true);
    const m = h.mark();
    const record = await h.run('azure.start', targets, {});
    const sent = h.since(m);
    assert.equal(record.status, 'partial');
    assert.deepEqual(targets.map((t) => [record.results[t.id]?.status, record.results[t.id]?.finalState]), [['succeeded', 'running'], ['failed', 'deallocated']]);
    assert.equal(record.results[targets[1]?.id ?? '']?.code, 'AllocationFailed');
    assert.equal(starts(sent).length, 1, 'one start, never repeated');
    const shown = describeCloudError('azure.start', record.error ?? { cloud: 'azure', code: '', message: '', category: 'unknown' }, 'vmss-web/13').message;
    assert.match(shown, /AllocationFailed/);
    assert.match(shown, /Try again later, or change the VM size/);
    h.emu.control.azure.setAllocationFailure(targets[1]?.id ?? '', false);
    return { requests: sent.length, shown: [shown] };
  });

  scenario('partial batch failure', 'volcengine', 'StartInstances refused for an out-of-stock and a running instance: partial, each read back', async () => {
    const ids = ['i-bj01a0000000000003', 'i-bj02b0000000000005', 'i-bj01a0000000000002'];
    h.emu.control.volcengine.setStatus(ids[0] ?? '', 'STOPPED', 'KeepCharging');
    h.emu.control.volcengine.setStatus(ids[1] ?? '', 'STOPPED', 'StopCharging');
    h.emu.control.volcengine.setOutOfStock(ids[1] ?? '', true);
    h.emu.control.volcengine.setStatus(ids[2] ?? '', 'RUNNING');
    const m = h.mark();
    const record = await h.run('volcengine.startInstance', h.volcTargets('cn-beijing', ids), { dryRun: false, clientToken: 'fp-partial-start' });
    const sent = h.since(m);
    assert.equal(record.status, 'partial');
    assert.deepEqual(ids.map((id) => [record.results[id]?.status, record.results[id]?.code, record.results[id]?.finalState]), [
      ['succeeded', undefined, 'RUNNING'], ['failed', 'Insufficient.InstanceCapacity', 'STOPPED'], ['failed', 'InvalidInstanceStatus', 'RUNNING'],
    ]);
    assert.equal(starts(sent).length, 1);
    h.emu.control.volcengine.setOutOfStock(ids[1] ?? '', false);
    return { requests: sent.length };
  });

  scenario('reload mid-operation', 'azure', 'a start followed across a reload: resumed from the journaled poller, the start sent once', async () => {
    const targets = await h.azureTargets('vmss-dev', ['3']);
    for (const t of targets) h.emu.control.azure.setPowerState(t.id, 'deallocated');
    const m = h.mark();
    const { before, after } = await reloadMidway({ kind: 'azure.start', targets, options: {} }, 2);
    const sent = h.since(m);
    assert.equal(before.status, 'running', 'the reload came before the start finished');
    assert.equal(after.status, 'succeeded', JSON.stringify(after.error));
    const types = after.events.map((e) => e.type);
    assert.ok(!types.slice(types.indexOf('resumed')).includes('requested'), 'nothing sent again after the reload');
    assert.equal(after.results[targets[0]?.id ?? '']?.finalState, 'running');
    assert.equal(starts(sent).length, 1);
    return { requests: sent.length };
  });

  scenario('reload mid-operation', 'volcengine', 'a start waited for across a reload: the resumed wait reads state only, StartInstance sent once', async () => {
    const id = 'i-gz01a0000000000017';
    h.emu.control.volcengine.setStatus(id, 'STOPPED', 'KeepCharging');
    const m = h.mark();
    const { before, after } = await reloadMidway({ kind: 'volcengine.startInstance', targets: h.volcTargets('cn-guangzhou', [id]), options: { dryRun: false, clientToken: 'fp-reload-start' } }, 1);
    const sent = h.since(m);
    assert.equal(before.status, 'running');
    assert.equal(after.status, 'succeeded', JSON.stringify(after.error));
    assert.deepEqual(after.results[id], { status: 'succeeded', finalState: 'RUNNING' });
    assert.equal(starts(sent).length, 1, 'the reload did not send the start again');
    assert.ok(sent.filter((r) => r.query.Action === 'DescribeInstances').length >= 2);
    return { requests: sent.length };
  });

  scenario('reload mid-operation', 'volcengine', 'a reboot waited for across a reload: RebootInstance sent once, RUNNING again', async () => {
    const id = 'i-gz01a0000000000016';
    h.emu.control.volcengine.setStatus(id, 'RUNNING');
    const m = h.mark();
    const { after } = await reloadMidway({ kind: 'volcengine.rebootInstance', targets: h.volcTargets('cn-guangzhou', [id]), options: { forceStop: true, clientToken: 'fp-reload-reboot' } }, 1);
    const sent = h.since(m);
    assert.equal(after.status, 'succeeded', JSON.stringify(after.error));
    assert.equal(sent.filter((r) => /^RebootInstances?$/.test(r.query.Action ?? '')).length, 1);
    return { requests: sent.length };
  });
});
