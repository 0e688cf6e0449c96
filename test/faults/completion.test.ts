/**
 * Completion reconciled with the cloud: after Azure accepted an action, an answer the SDK cannot
 * use (a 204 from the Location URL, or as the action's own answer, which ARM's contract allows
 * for an action without a response; a status body of the wrong shape; polls that cannot be
 * parsed) is decided by the state read back. Expected state: succeeded, with a note in the output.
 * Otherwise: unknown. Never failed, never sent again.
 */
import { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { armActions, eventsOf, startFleet, type FleetHarness } from './support/fleet';
import { scenario, useProbe } from './support/results';
import type { OperationRecord } from '../../src/fleet/model';
import { outcomeMessage } from '../../src/ui/outcomes';

let h: FleetHarness;

before(async () => {
  h = await startFleet({}, { azureRequestTimeoutMs: 1500 });
  useProbe(h.probe());
});

after(async () => {
  await h.stop();
});

const STATUS_URL = /\/operations\/[^/]+$/;

async function reset(scaleSet: string, ids: string[]): Promise<Awaited<ReturnType<FleetHarness['azureTargets']>>> {
  const targets = await h.azureTargets(scaleSet, ids);
  for (const t of targets) h.emu.control.azure.setPowerState(t.id, 'running');
  h.emu.clearFaults();
  return targets;
}

/** The output lines of the record's target results (what the user reads in the channel). */
function resultLines(record: OperationRecord): string[] {
  return h.outputLines.filter((line) => line.startsWith(`[${record.id}]`) && /: (succeeded|unknown|failed)/.test(line));
}

void describe('completion reconciled with the cloud', () => {
  scenario('LRO answers outside what the SDK takes', 'azure', 'power off whose Location URL ends with 204: succeeded from the read-back, noted, sent once', async () => {
    const targets = await reset('vmss-web', ['11']);
    h.emu.inject({ kind: 'lroNoContent', service: 'arm', route: /\/poweroff$/ });
    const m = h.mark();
    const record = await h.run('azure.powerOff', targets, { skipShutdown: true });
    const sent = h.since(m);
    assert.ok(sent.some((r) => r.status === 204 && STATUS_URL.test(r.path)), 'the Location URL answered 204');
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    const result = record.results[targets[0]?.id ?? ''];
    assert.equal(result?.status, 'succeeded');
    assert.equal(result?.code, 'ConfirmedByState');
    assert.equal(result?.finalState, 'stopped');
    assert.match(result?.message ?? '', /could not be used .*204.*read back shows it stopped/);
    assert.ok(resultLines(record).some((line) => /ConfirmedByState/.test(line)), 'the output says how it was decided');
    assert.equal(record.error, undefined);
    assert.equal(armActions(sent).length, 1, 'never sent again');
    return { requests: sent.length };
  });

  scenario('LRO answers outside what the SDK takes', 'azure', 'a 204 end but the VM is not in the expected state: unknown, never failed, never re-sent', async () => {
    const targets = await reset('vmss-web', ['12']);
    const [target] = targets;
    assert.ok(target);
    h.emu.inject({ kind: 'lroNoContent', service: 'arm', route: /\/poweroff$/ });
    const engine = h.newEngine();
    // Someone starts the VM again the moment Azure accepted the power off.
    engine.onDidChange((_record, event) => { if (event.type === 'accepted') setTimeout(() => h.emu.control.azure.setPowerState(target.id, 'running'), 40); });
    const m = h.mark();
    const record = await engine.start({ kind: 'azure.powerOff', targets, options: { skipShutdown: true } }).done;
    await engine.flush();
    engine.dispose();
    h.records.push(record);
    assert.equal(record.status, 'unknown');
    const result = record.results[target.id];
    assert.equal(result?.status, 'unknown');
    assert.equal(result?.finalState, 'running', 'read back, not guessed');
    assert.match(result?.message ?? '', /accepted the request.*not sent again.*now running/);
    assert.equal(outcomeMessage(record).severity, 'warning', 'told as unknown, not as an error');
    assert.equal(armActions(h.since(m)).length, 1);
    return { requests: h.since(m).length };
  });

  scenario('LRO answers outside what the SDK takes', 'azure', 'power off answered 204 at once (synchronous, no Location): succeeded from the read-back, sent once', async () => {
    const targets = await reset('vmss-web', ['13']);
    h.emu.inject({ kind: 'actionNoContent', service: 'arm', route: /\/poweroff$/ });
    const m = h.mark();
    const record = await h.run('azure.powerOff', targets, { skipShutdown: false });
    const sent = h.since(m);
    const [action] = armActions(sent);
    assert.equal(action?.status, 204, 'the action itself answered 204');
    assert.ok(!sent.some((r) => STATUS_URL.test(r.path)), 'there was nothing to poll');
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    const result = record.results[targets[0]?.id ?? ''];
    assert.equal(result?.code, 'ConfirmedByState');
    assert.equal(result?.finalState, 'stopped');
    assert.ok(resultLines(record).some((line) => /ConfirmedByState/.test(line)), 'the output says how it was decided');
    assert.equal(armActions(sent).length, 1, 'never sent again');
    return { requests: sent.length };
  });

  scenario('LRO answers outside what the SDK takes', 'azure', 'deallocate whose status body has a status that is not a string: decided by the read-back', async () => {
    const targets = await reset('vmss-dev', ['3']);
    h.emu.inject({ kind: 'lroOddBody', service: 'arm', route: /\/deallocate$/ });
    const m = h.mark();
    const record = await h.run('azure.deallocate', targets, { hibernate: false });
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[targets[0]?.id ?? '']?.code, 'ConfirmedByState');
    assert.deepEqual(eventsOf(record, 'stateRead').map((e) => e.state).at(-1), 'deallocated');
    assert.equal(armActions(h.since(m)).length, 1);
    return { requests: h.since(m).length };
  });

  scenario('LRO answers outside what the SDK takes', 'azure', 'every status poll unparsable: the operation is decided by the read-back, never failed', async () => {
    const targets = await reset('vmss-dev', ['1']);
    h.emu.inject({ kind: 'malformed', service: 'arm', route: STATUS_URL, count: Infinity });
    const m = h.mark();
    const record = await h.run('azure.powerOff', targets, { skipShutdown: false });
    h.emu.clearFaults();
    assert.equal(record.status, 'succeeded', JSON.stringify(record.results));
    assert.equal(record.results[targets[0]?.id ?? '']?.code, 'ConfirmedByState');
    assert.match(record.results[targets[0]?.id ?? '']?.message ?? '', /MalformedResponse/);
    assert.equal(armActions(h.since(m)).length, 1);
    return { requests: h.since(m).length };
  });

  scenario('LRO answers outside what the SDK takes', 'azure', 'maintenance ending with 204: the state cannot tell, so unknown (not failed)', async () => {
    const [target] = await reset('vmss-web', ['2']);
    assert.ok(target);
    h.emu.control.azure.setMaintenanceEligible(target.id, true);
    h.emu.inject({ kind: 'lroNoContent', service: 'arm', route: /\/performmaintenance$/ });
    const m = h.mark();
    const record = await h.run('azure.performMaintenance', [target], {});
    assert.equal(record.status, 'unknown');
    assert.notEqual(record.results[target.id]?.status, 'failed');
    assert.equal(record.results[target.id]?.finalState, 'running');
    assert.equal(armActions(h.since(m)).length, 1);
    return { requests: h.since(m).length };
  });
});
