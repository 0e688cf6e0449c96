/**
 * The figures of the reliability table can fail: the harness probe that measures every
 * scenario finds a planted repeat of an action and a planted canary. (Plain tests, not table
 * rows: they check the measuring instrument itself.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFleet, type FleetHarness } from './support/fleet';

let h: FleetHarness;

before(async () => {
  h = await startFleet();
});

after(async () => {
  await h.stop();
});

void test('an action carried out once more than the operation intended counts as one duplicate', async () => {
  const probe = h.probe();
  const [target] = await h.azureTargets('vmss-dev', ['2']);
  assert.ok(target);
  h.emu.control.azure.setPowerState(target.id, 'running');
  probe.begin();
  assert.equal(probe.duplicates(), undefined, 'nothing acted on yet: not measured');
  const record = await h.run('azure.powerOff', [target], { skipShutdown: true });
  assert.equal(record.status, 'succeeded');
  assert.equal(probe.duplicates(), 0, 'one operation, one action');
  // The same action again, outside any operation: the emulator carries it out a second time.
  const compute = await h.azure.computeClientFor(target.id.split('/')[2] ?? '');
  await compute.virtualMachineScaleSetVMs.powerOff('rg-dev', 'vmss-dev', '2', { skipShutdown: true, updateIntervalInMs: 20 });
  assert.equal(probe.duplicates(), 1);
});

void test('a Volcengine stop repeated outside the operation counts too; a refused operation is measured as 0', async () => {
  const probe = h.probe();
  const id = 'i-bj01a0000000000003';
  h.emu.control.volcengine.setStatus(id, 'RUNNING');
  probe.begin();
  const refused = await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', ['not an id']), h.stopOptions());
  assert.equal(refused.status, 'failed');
  assert.equal(probe.duplicates(), 0, 'an operation ran: measured, nothing repeated');
  await h.run('volcengine.stopInstance', h.volcTargets('cn-beijing', [id]), h.stopOptions());
  h.emu.control.volcengine.setStatus(id, 'RUNNING');
  await h.volc.instanceAction('cn-beijing', 'StopInstance', { instanceId: id, forceStop: false, stoppedMode: 'KeepCharging', clientToken: 'fp-probe-repeat-0001', dryRun: false });
  assert.equal(probe.duplicates(), 1);
});

void test('a canary in an output line is found', async () => {
  const probe = h.probe({ canaries: () => ['CANARYplantedByTheProbeTest01'] });
  probe.begin();
  assert.ok((await probe.canaries()).includes(h.emu.credentials.volcengine.secretKey), 'the emulator key pair is a canary');
  h.outputLines.push(`a line that quotes ${h.emu.credentials.volcengine.secretKey}`);
  h.shown.push('a message with CANARYplantedByTheProbeTest01 in it');
  const texts = probe.texts();
  assert.ok(texts.some((t) => t.includes(h.emu.credentials.volcengine.secretKey)));
  assert.ok(texts.some((t) => t.includes('CANARYplantedByTheProbeTest01')));
  probe.begin();
  assert.deepEqual(probe.texts(), [], 'texts start again at each scenario');
});
