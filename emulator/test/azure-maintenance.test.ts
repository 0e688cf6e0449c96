/**
 * maintenanceRedeployStatus in the emulator, read through @azure/arm-compute: the sample fleet's
 * shapes (open self-service window, scheduled window only, completed, none), both listings carry
 * it, performMaintenance refuses ineligible VMs with the observed message and a completed
 * maintenance clears the status; fleet files and the control API check the field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComputeManagementClient } from '@azure/arm-compute';
import { SAMPLE_SUBSCRIPTIONS, defaultFleet, generateFleet, startEmulator, validateFleet, type Emulator } from '../src/index';
import { collect, computeClient, rejection, useEmulatorEnvironment } from './azure-support';

const WEB_RG = 'rg-web-prod';
const DAY = 86_400_000;

void describe('Azure maintenanceRedeployStatus', () => {
  let emu: Emulator;
  let prod: ComputeManagementClient;
  let startedAt: number;

  before(async () => {
    startedAt = Date.now();
    emu = await startEmulator({ transitionMs: 150, retryAfterSeconds: 0 });
    useEmulatorEnvironment(emu);
    prod = computeClient(emu, SAMPLE_SUBSCRIPTIONS.production);
  });
  after(async () => {
    await emu.stop();
  });

  void test('the Uniform listing carries each shape; most instances have no status at all', async () => {
    const vms = await collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web', { expand: 'instanceView' }));
    const status = (id: string) => vms.find((vm) => vm.instanceId === id)?.instanceView?.maintenanceRedeployStatus;
    const open = status('2');
    assert.equal(open?.isCustomerInitiatedMaintenanceAllowed, true);
    assert.ok(open?.preMaintenanceWindowStartTime instanceof Date, 'the SDK deserializes the window as a Date');
    assert.ok((open.preMaintenanceWindowStartTime.getTime()) < startedAt);
    assert.ok((open.preMaintenanceWindowEndTime?.getTime() ?? 0) > startedAt + 10 * DAY);
    assert.equal(open.lastOperationResultCode, 'None');
    assert.equal(status('3')?.isCustomerInitiatedMaintenanceAllowed, true);

    const scheduledOnly = status('8');
    assert.equal(scheduledOnly?.isCustomerInitiatedMaintenanceAllowed, false);
    assert.ok((scheduledOnly?.preMaintenanceWindowEndTime?.getTime() ?? Infinity) < startedAt, 'its self-service window has passed');
    assert.ok((scheduledOnly?.maintenanceWindowStartTime?.getTime() ?? 0) > startedAt, 'Azure\'s window is ahead');

    assert.equal(status('9')?.lastOperationResultCode, 'MaintenanceCompleted');
    assert.equal(status('9')?.isCustomerInitiatedMaintenanceAllowed, false);

    const withStatus = vms.filter((vm) => vm.instanceView?.maintenanceRedeployStatus !== undefined).map((vm) => vm.instanceId);
    assert.deepEqual(withStatus.sort(), ['2', '3', '8', '9']);
  });

  void test('the Flexible VM list with $expand=instanceView carries it too', async () => {
    const set = `/subscriptions/${SAMPLE_SUBSCRIPTIONS.production}/resourceGroups/${WEB_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-api`;
    const vms = await collect(prod.virtualMachines.list(WEB_RG, { filter: `'virtualMachineScaleSet/id' eq '${set}'`, expand: 'instanceView' }));
    const eligible = vms.filter((vm) => vm.instanceView?.maintenanceRedeployStatus?.isCustomerInitiatedMaintenanceAllowed === true).map((vm) => vm.name);
    assert.deepEqual(eligible, ['vmss-api_4f1c2a9e']);
    assert.equal(vms.filter((vm) => vm.instanceView?.maintenanceRedeployStatus !== undefined).length, 1);
  });

  void test('performMaintenance refuses a VM with only the scheduled window left; a completed one loses its status', async () => {
    const refused = await rejection(prod.virtualMachineScaleSets.performMaintenance(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['3', '8'] } }));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'OperationNotAllowed');
    assert.match(refused.message, /Operation 'performMaintenance' is not allowed on VM 'vmss-web_8' since the Subscription of this VM is not eligible\./);
    assert.equal((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '3')).maintenanceRedeployStatus?.isCustomerInitiatedMaintenanceAllowed, true, 'a refused request changes nothing');

    await prod.virtualMachineScaleSets.performMaintenance(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['3'] }, updateIntervalInMs: 30 });
    assert.equal((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '3')).maintenanceRedeployStatus, undefined);
  });

  void test('control: a profile, the spec object verbatim, or null', async () => {
    emu.control.azure.setMaintenance('vmss-web_0', 'retryLater');
    const retry = (await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '0')).maintenanceRedeployStatus;
    assert.equal(retry?.lastOperationResultCode, 'RetryLater');
    emu.control.azure.setMaintenance('vmss-web_0', { isCustomerInitiatedMaintenanceAllowed: true, preMaintenanceWindowEndTime: '2030-01-02T03:04:05.000Z' });
    const given = (await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '0')).maintenanceRedeployStatus;
    assert.equal(given?.preMaintenanceWindowEndTime?.toISOString(), '2030-01-02T03:04:05.000Z');
    assert.equal(given?.maintenanceWindowStartTime, undefined);
    emu.control.azure.setMaintenance('vmss-web_0', null);
    assert.equal((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '0')).maintenanceRedeployStatus, undefined);

    const post = (body: unknown) => fetch(`${emu.armUrl}/_emulator/azure/maintenance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal((await post({ vm: 'vmss-web_1', status: 'scheduledOnly' })).status, 204);
    assert.equal((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '1')).maintenanceRedeployStatus?.isCustomerInitiatedMaintenanceAllowed, false);
    assert.equal((await post({ vm: 'vmss-web_1', status: 'soon' })).status, 400);
    assert.equal((await post({ vm: 'vmss-web_1', status: { lastOperationResultCode: 'Done' } })).status, 400);
  });
});

void describe('maintenance in fleet files', () => {
  void test('a fleet file names a profile or gives the spec object; anything else is refused with the field named', () => {
    const fleet = defaultFleet();
    const vm = fleet.azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances[0];
    assert.ok(vm);
    vm.maintenance = { isCustomerInitiatedMaintenanceAllowed: true, preMaintenanceWindowEndTime: '2027-01-01T00:00:00Z', lastOperationResultCode: 'None' };
    assert.doesNotThrow(() => validateFleet(fleet));
    Object.assign(vm, { maintenance: 'whenever' });
    assert.throws(() => validateFleet(fleet), /instances\[0\]\.maintenance is 'whenever'/);
    Object.assign(vm, { maintenance: { isCustomerInitiatedMaintenanceAllowed: 'yes', maintenanceWindowEndTime: 'next week' } });
    assert.throws(() => validateFleet(fleet), /isCustomerInitiatedMaintenanceAllowed must be a boolean[\s\S]*maintenanceWindowEndTime must be an ISO 8601 date-time/);
  });

  void test('the generated bench fleet has each shape, most VMs none', () => {
    const fleet = generateFleet({ subscriptions: 4, scaleSetsPerSubscription: 4, vmsPerScaleSet: 50, regions: 1, instancesPerRegion: 2 });
    const all = fleet.azure.subscriptions.flatMap((s) => s.resourceGroups.flatMap((rg) => rg.scaleSets.flatMap((ss) => ss.instances)));
    const count = (profile: string) => all.filter((i) => i.maintenance === profile).length;
    assert.ok(count('selfServiceOpen') > 0 && count('scheduledOnly') > 0 && count('completed') > 0, JSON.stringify({ open: count('selfServiceOpen'), scheduled: count('scheduledOnly'), completed: count('completed') }));
    assert.ok(all.filter((i) => i.maintenance === undefined).length > all.length * 0.8);
    assert.deepEqual(generateFleet({ seed: 3, subscriptions: 2 }), generateFleet({ seed: 3, subscriptions: 2 }), 'deterministic');
  });
});
