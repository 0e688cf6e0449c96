/**
 * Start and restart in the emulator, through @azure/arm-compute 25: the scale-set actions act on
 * exactly the instanceIds given, the per-VM actions (VMSS VM for Uniform, virtualMachines for
 * Flexible) pass through "starting", a restart is refused on a VM that is not running, a start
 * resumes a hibernated VM, and an allocation failure marked on a VM fails the start's LRO with
 * AllocationFailed while the other VMs of the request start.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { SAMPLE_SUBSCRIPTIONS, startEmulator, type Emulator, type FleetAzureInstance } from '../src/index';
import { computeClient, raw, rejection, useEmulatorEnvironment } from './azure-support';

const WEB_RG = 'rg-web-prod';
const codes = (s: { code?: string }[] | undefined) => (s ?? []).map((x) => x.code);

void describe('Azure start and restart', () => {
  let emu: Emulator;
  let prod: ComputeManagementClient;

  before(async () => {
    emu = await startEmulator({ transitionMs: 200, retryAfterSeconds: 0 });
    useEmulatorEnvironment(emu);
    prod = computeClient(emu, SAMPLE_SUBSCRIPTIONS.production);
  });
  after(async () => {
    await emu.stop();
  });

  function vm(scaleSet: string, instanceId: string): FleetAzureInstance | undefined {
    return emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets.find((s) => s.name === scaleSet)?.instances.find((i) => i.instanceId === instanceId);
  }

  void test('scale-set start with instanceIds: 202, "starting", then running; only those VMs', async () => {
    emu.requests.clear();
    const poller = prod.virtualMachineScaleSets.start(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['12', '13'] }, updateIntervalInMs: 30 });
    await poller.submitted();
    assert.equal(vm('vmss-web', '12')?.powerState, 'starting');
    await poller.pollUntilDone();
    const [post] = emu.requests.where({ method: 'POST', operation: 'start' });
    assert.equal(post?.status, 202);
    assert.deepEqual(post?.body, { instanceIds: ['12', '13'] });
    assert.equal(vm('vmss-web', '12')?.powerState, 'running');
    assert.equal(vm('vmss-web', '13')?.powerState, 'running');
    assert.equal(vm('vmss-web', '14')?.powerState, 'deallocated', 'a VM that was not named stays as it was');
  });

  void test('scale-set restart: a running VM reports "starting" until it runs again; a stopped one is refused', async () => {
    emu.requests.clear();
    const poller = prod.virtualMachineScaleSets.restart(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['5'] }, updateIntervalInMs: 30 });
    await poller.submitted();
    assert.ok(codes((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '5')).statuses).includes('PowerState/starting'));
    await poller.pollUntilDone();
    assert.equal(vm('vmss-web', '5')?.powerState, 'running');
    assert.deepEqual(emu.requests.where({ method: 'POST', operation: 'restart' }).map((r) => r.body), [{ instanceIds: ['5'] }]);

    const refused = await rejection(prod.virtualMachineScaleSets.restart(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['10'] } }));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'OperationNotAllowed');
    assert.match(refused.message, /Operation 'restart' is not allowed on VM 'vmss-web_10' since the VM is stopped/);
    assert.equal(vm('vmss-web', '10')?.powerState, 'stopped');
  });

  void test('per-VM start and restart: VMSS VM API for Uniform, virtualMachines for Flexible; a hibernated VM resumes', async () => {
    await prod.virtualMachineScaleSetVMs.start(WEB_RG, 'vmss-web', '11', { updateIntervalInMs: 30 });
    assert.equal(vm('vmss-web', '11')?.powerState, 'running');
    await prod.virtualMachineScaleSetVMs.restart(WEB_RG, 'vmss-web', '11', { updateIntervalInMs: 30 });
    assert.equal(vm('vmss-web', '11')?.powerState, 'running');

    assert.deepEqual(codes((await prod.virtualMachines.instanceView(WEB_RG, 'vmss-api_5c6b7a89')).statuses),
      ['ProvisioningState/succeeded', 'PowerState/deallocated', 'HibernationState/Hibernated']);
    await prod.virtualMachines.start(WEB_RG, 'vmss-api_5c6b7a89', { updateIntervalInMs: 30 });
    assert.deepEqual(codes((await prod.virtualMachines.instanceView(WEB_RG, 'vmss-api_5c6b7a89')).statuses), ['ProvisioningState/succeeded', 'PowerState/running']);
    assert.equal(vm('vmss-api', 'vmss-api_5c6b7a89')?.hibernated, undefined, 'resumed: no longer hibernated');
    await prod.virtualMachines.restart(WEB_RG, 'vmss-api_5c6b7a89', { updateIntervalInMs: 30 });
    assert.equal(vm('vmss-api', 'vmss-api_5c6b7a89')?.powerState, 'running');

    const flexibleVmssVm = await rejection(prod.virtualMachineScaleSetVMs.start(WEB_RG, 'vmss-api', '0'));
    assert.equal(flexibleVmssVm.statusCode, 400);
    assert.equal(flexibleVmssVm.code, 'BadRequest');
  });

  void test('an allocation failure marked on a VM fails the start with AllocationFailed; the other VM of the request starts', async () => {
    emu.control.azure.setAllocationFailure('vmss-web_14', true);
    emu.control.azure.setPowerState('vmss-web_22', 'deallocated');
    const failed = await rejection(prod.virtualMachineScaleSets.start(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['14', '22'] }, updateIntervalInMs: 30 }));
    assert.match(failed.message, /AllocationFailed|Allocation failed/);
    const status = emu.requests.where({ operation: 'operationStatus' }).at(-1);
    assert.equal(status?.status, 200);
    assert.equal(vm('vmss-web', '14')?.powerState, 'deallocated', 'the VM that found no capacity stays deallocated');
    assert.equal(vm('vmss-web', '22')?.powerState, 'running');

    // A stopped VM keeps its hardware: the mark does not stop its start.
    emu.control.azure.setPowerState('vmss-web_14', 'stopped');
    await prod.virtualMachineScaleSetVMs.start(WEB_RG, 'vmss-web', '14', { updateIntervalInMs: 30 });
    assert.equal(vm('vmss-web', '14')?.powerState, 'running');
  });

  void test('the control API marks and clears an allocation failure', async () => {
    const bad = await raw(`${emu.armUrl}/_emulator/azure/allocation-failure`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ vm: 'vmss-web_15' }) });
    assert.equal(bad.status, 400);
    const set = await raw(`${emu.armUrl}/_emulator/azure/allocation-failure`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ vm: 'vmss-web_15', fails: true }) });
    assert.equal(set.status, 204);
    assert.equal(vm('vmss-web', '15')?.allocationFails, true);
    await raw(`${emu.armUrl}/_emulator/azure/allocation-failure`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ vm: 'vmss-web_15', fails: false }) });
    assert.equal(vm('vmss-web', '15')?.allocationFails, undefined);
  });
});
