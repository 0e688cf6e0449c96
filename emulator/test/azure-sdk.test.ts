/**
 * The Azure surface driven through the real SDKs: @azure/arm-compute and
 * @azure/arm-resources-subscriptions with AzureCliCredential going through emulator/bin/az.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ComputeManagementClient } from '@azure/arm-compute';
import { AzureCliCredential } from '@azure/identity';
import { SAMPLE_SUBSCRIPTIONS, startEmulator, type Emulator } from '../src/index';
import { SCOPES, collect, computeClient, rejection, subscriptionClient, useEmulatorEnvironment } from './azure-support';

const PROD = SAMPLE_SUBSCRIPTIONS.production;
const DEV = SAMPLE_SUBSCRIPTIONS.devTest;
const LEGACY = SAMPLE_SUBSCRIPTIONS.legacyDisabled;
const WEB_RG = 'rg-web-prod';
const codes = (s: { code?: string }[] | undefined) => (s ?? []).map((x) => x.code);

void describe('Azure Resource Manager through the SDKs', () => {
  let emu: Emulator;
  let prod: ComputeManagementClient;
  let dev: ComputeManagementClient;

  before(async () => {
    emu = await startEmulator({ transitionMs: 150, retryAfterSeconds: 0 });
    useEmulatorEnvironment(emu);
    prod = computeClient(emu, PROD);
    dev = computeClient(emu, DEV);
  });
  after(async () => {
    await emu.stop();
  });

  void test('subscriptions are listed with paging, including the disabled one', async () => {
    const small = await startEmulator({ pageSize: 2 });
    try {
      useEmulatorEnvironment(small);
      const subs = await collect(subscriptionClient(small).subscriptions.list());
      assert.deepEqual(subs.map((s) => s.subscriptionId), [PROD, DEV, LEGACY]);
      assert.equal(subs.find((s) => s.subscriptionId === LEGACY)?.state, 'Disabled');
      assert.equal(subs[0]?.displayName, 'Contoso Production');
      const pages = small.requests.where({ operation: 'listSubscriptions' });
      assert.equal(pages.length, 2, 'three subscriptions at page size 2 take two pages');
      assert.equal(pages[1]?.query.$skiptoken, '2');
    } finally {
      await small.stop();
      useEmulatorEnvironment(emu);
    }
  });

  void test('scale sets: listAll (paged), get with orchestration mode, sku, location, hibernation', async () => {
    const small = await startEmulator({ pageSize: 1 });
    try {
      useEmulatorEnvironment(small);
      const sets = await collect(computeClient(small, PROD).virtualMachineScaleSets.listAll());
      assert.deepEqual(sets.map((s) => s.name), ['vmss-web', 'vmss-api']);
      assert.equal(small.requests.where({ operation: 'listAllScaleSets' }).length, 2);
    } finally {
      await small.stop();
      useEmulatorEnvironment(emu);
    }
    const web = await prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-web');
    assert.equal(web.orchestrationMode, 'Uniform');
    assert.equal(web.location, 'eastus');
    assert.deepEqual(web.sku, { name: 'Standard_D2s_v5', tier: 'Standard', capacity: 24 });
    assert.deepEqual(web.zones, ['1', '2', '3']);
    const api = await prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-api');
    assert.equal(api.orchestrationMode, 'Flexible');
    assert.equal(api.additionalCapabilities?.hibernationEnabled, true);
    const missing = await rejection(prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-nope'));
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.code, 'ResourceNotFound');
  });

  void test('scale-set instance view summarises power states (Uniform) and is refused on Flexible', async () => {
    const view = await dev.virtualMachineScaleSets.getInstanceView('rg-dev', 'vmss-dev');
    const summary = new Map((view.virtualMachine?.statusesSummary ?? []).map((s) => [s.code, s.count]));
    assert.equal(summary.get('PowerState/running'), 2);
    assert.equal(summary.get('PowerState/stopped'), 1);
    assert.equal(summary.get('PowerState/deallocated'), 1);
    const flex = await rejection(dev.virtualMachineScaleSets.getInstanceView('rg-dev', 'vmss-jobs'));
    assert.equal(flex.statusCode, 400);
    assert.equal(flex.code, 'BadRequest');
  });

  void test('Uniform VM list pages, expands instance view, honours $select and $filter', async () => {
    emu.requests.clear();
    const vms = await collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web', { expand: 'instanceView' }));
    assert.equal(vms.length, 24);
    assert.deepEqual(vms.slice(0, 3).map((v) => v.instanceId), ['0', '1', '2']);
    assert.deepEqual(codes(vms[12]?.instanceView?.statuses), ['ProvisioningState/succeeded', 'PowerState/deallocated']);
    assert.equal(vms[0]?.name, 'vmss-web_0');
    const pages = emu.requests.where({ operation: 'listVMs' });
    assert.equal(pages.length, 2, '24 VMs at page size 20');
    assert.equal(pages[1]?.query.$expand, 'instanceView', 'nextLink keeps the query');

    const plain = await collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web'));
    assert.equal(plain[0]?.instanceView, undefined);
    const selected = await collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web', {
      select: 'instanceView/statuses', filter: "startswith(instanceView/statuses/code, 'PowerState') eq true",
    }));
    assert.equal(selected.length, 24);
    assert.deepEqual(codes(selected[10]?.instanceView?.statuses), ['ProvisioningState/succeeded', 'PowerState/stopped']);
    assert.equal(selected[10]?.instanceView?.vmAgent, undefined, 'instanceView/statuses selects only the statuses');
    const stale = await collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web', { filter: 'properties/latestModelApplied eq false' }));
    assert.equal(stale.length, 0);
    const badFilter = await rejection(collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-web', { filter: "name eq 'x'" })));
    assert.equal(badFilter.statusCode, 400);
    assert.equal(badFilter.code, 'InvalidParameter');
  });

  void test('per-VM get and instance view; unknown and malformed instance ids', async () => {
    const vm = await prod.virtualMachineScaleSetVMs.get(WEB_RG, 'vmss-web', '11', { expand: 'instanceView' });
    assert.equal(vm.instanceId, '11');
    assert.deepEqual(codes(vm.instanceView?.statuses), ['ProvisioningState/succeeded', 'PowerState/stopped']);
    const view = await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '2');
    assert.equal(view.maintenanceRedeployStatus?.isCustomerInitiatedMaintenanceAllowed, true);
    const unknown = await rejection(prod.virtualMachineScaleSetVMs.get(WEB_RG, 'vmss-web', '99'));
    assert.equal(unknown.statusCode, 404);
    const malformed = await rejection(prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', 'vmss-web_3'));
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.code, 'InvalidParameter');
  });

  void test('per-VM powerOff with skipShutdown: 202, stopping, then stopped, events in order', async () => {
    emu.requests.clear();
    const seen: string[] = [];
    const poller = prod.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-web', '4', { skipShutdown: true, updateIntervalInMs: 30 });
    poller.onProgress((s) => seen.push(s.status));
    await poller.pollUntilDone();
    assert.ok(seen.length >= 1);
    assert.equal(seen.at(-1), 'succeeded');
    assert.ok(seen.slice(0, -1).every((s) => s === 'running' || s === 'notStarted'), `unexpected order ${seen.join(',')}`);
    const after = await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '4');
    assert.deepEqual(codes(after.statuses), ['ProvisioningState/succeeded', 'PowerState/stopped']);
    const posts = emu.requests.where({ method: 'POST', operation: 'powerOff' });
    assert.equal(posts.length, 1);
    assert.equal(posts[0]?.status, 202);
    assert.equal(posts[0]?.query.skipShutdown, 'true');
    assert.ok(emu.requests.where({ operation: 'operationStatus' }).length >= 1, 'polled the Azure-AsyncOperation URL');
    assert.equal(emu.requests.where({ operation: 'operationResult' }).length, 1, 'final GET on the Location URL');
  });

  void test('scale-set deallocate sends exactly the instance ids and deallocates only them', async () => {
    emu.requests.clear();
    await prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['1', '3'] }, updateIntervalInMs: 30 });
    const calls = emu.requests.where({ operation: 'deallocate' });
    assert.equal(calls.length, 1);
    assert.deepEqual(calls[0]?.body, { instanceIds: ['1', '3'] });
    const state = emu.state().azure.subscriptions[0]?.resourceGroups[0]?.scaleSets[0]?.instances ?? [];
    assert.equal(state.find((i) => i.instanceId === '1')?.powerState, 'deallocated');
    assert.equal(state.find((i) => i.instanceId === '3')?.powerState, 'deallocated');
    assert.equal(state.find((i) => i.instanceId === '0')?.powerState, 'running');
  });

  void test('scale-set powerOff (all instances) is refused while one is deallocated', async () => {
    const refused = await rejection(dev.virtualMachineScaleSets.powerOff('rg-dev', 'vmss-dev', { updateIntervalInMs: 30 }));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'OperationNotAllowed');
    assert.match(refused.message, /vmss-dev_3.*deallocated/);
    await dev.virtualMachineScaleSets.powerOff('rg-dev', 'vmss-dev', { vmInstanceIDs: { instanceIds: ['0', '2'] }, skipShutdown: false, updateIntervalInMs: 30 });
    const vm0 = await dev.virtualMachineScaleSetVMs.getInstanceView('rg-dev', 'vmss-dev', '0');
    assert.ok(codes(vm0.statuses).includes('PowerState/stopped'));
  });

  void test('refusals: power off a deallocated VM, unknown instance ids, unknown scale set', async () => {
    const dealloc = await rejection(prod.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-web', '12', { updateIntervalInMs: 30 }));
    assert.equal(dealloc.statusCode, 409);
    assert.equal(dealloc.code, 'OperationNotAllowed');
    assert.match(dealloc.message, /Operation 'powerOff' is not allowed on VM 'vmss-web_12' since the VM is either deallocated or marked to be deallocated/);

    const notActive = await rejection(prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['0', '77'] } }));
    assert.equal(notActive.statusCode, 400);
    assert.equal(notActive.code, 'InvalidParameter');
    const noSet = await rejection(prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-missing', { vmInstanceIDs: { instanceIds: ['0'] } }));
    assert.equal(noSet.statusCode, 404);
    assert.equal(noSet.code, 'ResourceNotFound');
    const noVm = await rejection(prod.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-web', '404'));
    assert.equal(noVm.statusCode, 404);
  });

  void test('while an operation runs the VM is in its transitional state and other operations are refused', async () => {
    let now = Date.now();
    const clocked = await startEmulator({ transitionMs: 60_000, retryAfterSeconds: 0, now: () => now });
    try {
      useEmulatorEnvironment(clocked);
      const c = computeClient(clocked, PROD);
      const first = c.virtualMachineScaleSetVMs.deallocate(WEB_RG, 'vmss-web', '5', { updateIntervalInMs: 20 });
      await first.submitted();
      const during = await c.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '5');
      assert.deepEqual(codes(during.statuses), ['ProvisioningState/succeeded', 'PowerState/deallocating']);
      const powerOff = await rejection(c.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-web', '5'));
      assert.equal(powerOff.statusCode, 409);
      assert.match(powerOff.message, /deallocated or marked to be deallocated/);
      const again = await rejection(c.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['5'] } }));
      assert.equal(again.statusCode, 409);
      assert.equal(again.code, 'OperationNotAllowed');
      assert.match(again.message, /Operation 'deallocate' is not allowed on VM 'vmss-web_5' since another operation is in progress/);
      now += 60_000;
      await first.pollUntilDone();
      const done = await c.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '5');
      assert.deepEqual(codes(done.statuses), ['ProvisioningState/succeeded', 'PowerState/deallocated']);
    } finally {
      await clocked.stop();
      useEmulatorEnvironment(emu);
    }
  });

  void test('performMaintenance: eligible instance succeeds, ineligible one is refused', async () => {
    await prod.virtualMachineScaleSets.performMaintenance(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['2'] }, updateIntervalInMs: 30 });
    const refused = await rejection(prod.virtualMachineScaleSets.performMaintenance(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['6'] } }));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'OperationNotAllowed');
    assert.match(refused.message, /Operation 'performMaintenance' is not allowed on VM 'vmss-web_6' since the Subscription of this VM is not eligible/);
    const vmLevel = await rejection(prod.virtualMachineScaleSetVMs.performMaintenance(WEB_RG, 'vmss-web', '2'));
    assert.equal(vmLevel.statusCode, 409, 'maintenance done: no longer eligible');
    emu.control.azure.setMaintenanceEligible('vmss-web_7', true);
    await prod.virtualMachineScaleSetVMs.performMaintenance(WEB_RG, 'vmss-web', '7', { updateIntervalInMs: 30 });
  });

  void test('hibernate is refused on Uniform and where hibernation is not enabled', async () => {
    const uniform = await rejection(prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-web', { hibernate: true, vmInstanceIDs: { instanceIds: ['0'] } }));
    assert.equal(uniform.statusCode, 400);
    const disabled = await rejection(dev.virtualMachineScaleSets.deallocate('rg-dev', 'vmss-jobs', { hibernate: true, vmInstanceIDs: { instanceIds: ['vmss-jobs_1a2b3c4d'] } }));
    assert.equal(disabled.statusCode, 400);
    assert.equal(disabled.code, 'OperationNotAllowed');
    const vm = await rejection(dev.virtualMachines.deallocate('rg-dev', 'vmss-jobs_1a2b3c4d', { hibernate: true }));
    assert.equal(vm.statusCode, 400);
  });

  void test('Flexible: VMSS-VM APIs fail as Azure does; VMs are listed as virtualMachines with a filter', async () => {
    const expand = await rejection(collect(prod.virtualMachineScaleSetVMs.list(WEB_RG, 'vmss-api', { expand: 'instanceView' })));
    assert.equal(expand.statusCode, 400);
    assert.equal(expand.code, 'BadRequest');
    const byName = await rejection(prod.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-api', 'vmss-api_7b3d5e10'));
    assert.equal(byName.statusCode, 400);
    assert.equal(byName.code, 'InvalidParameter');
    assert.match(byName.message, /must be a number/);

    const setId = `/subscriptions/${PROD}/resourceGroups/${WEB_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-api`;
    const filter = `'virtualMachineScaleSet/id' eq '${setId}'`;
    const inRg = await collect(prod.virtualMachines.list(WEB_RG, { filter, expand: 'instanceView' }));
    assert.equal(inRg.length, 6);
    assert.equal(inRg[0]?.virtualMachineScaleSet?.id, setId);
    const hibernated = inRg.find((v) => v.name === 'vmss-api_5c6b7a89');
    assert.deepEqual(codes(hibernated?.instanceView?.statuses), ['ProvisioningState/succeeded', 'PowerState/deallocated', 'HibernationState/Hibernated']);
    const all = await collect(prod.virtualMachines.listAll({ filter, expand: 'instanceView' }));
    assert.deepEqual(all.map((v) => v.name), inRg.map((v) => v.name));
    const needsFilter = await rejection(collect(prod.virtualMachines.listAll({ expand: 'instanceView' })));
    assert.equal(needsFilter.statusCode, 400);
  });

  void test('Flexible: per-VM powerOff, deallocate with hibernate, performMaintenance; scale-set deallocate by VM names', async () => {
    await prod.virtualMachines.powerOff(WEB_RG, 'vmss-api_a2c4e6f8', { skipShutdown: true, updateIntervalInMs: 30 });
    assert.ok(codes((await prod.virtualMachines.instanceView(WEB_RG, 'vmss-api_a2c4e6f8')).statuses).includes('PowerState/stopped'));

    await prod.virtualMachines.deallocate(WEB_RG, 'vmss-api_7b3d5e10', { hibernate: true, updateIntervalInMs: 30 });
    assert.deepEqual(codes((await prod.virtualMachines.instanceView(WEB_RG, 'vmss-api_7b3d5e10')).statuses),
      ['ProvisioningState/succeeded', 'PowerState/deallocated', 'HibernationState/Hibernated']);

    await prod.virtualMachines.performMaintenance(WEB_RG, 'vmss-api_4f1c2a9e', { updateIntervalInMs: 30 });
    const notEligible = await rejection(prod.virtualMachines.performMaintenance(WEB_RG, 'vmss-api_4f1c2a9e'));
    assert.equal(notEligible.statusCode, 409);

    emu.control.azure.setPowerState('vmss-api_0d9e8f7a', 'running');
    emu.requests.clear();
    await prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-api', { hibernate: true, vmInstanceIDs: { instanceIds: ['vmss-api_0d9e8f7a'] }, updateIntervalInMs: 30 });
    const call = emu.requests.where({ operation: 'deallocate' })[0];
    assert.equal(call?.query.hibernate, 'true');
    assert.deepEqual(call?.body, { instanceIds: ['vmss-api_0d9e8f7a'] });
    const vm = await prod.virtualMachines.get(WEB_RG, 'vmss-api_0d9e8f7a', { expand: 'instanceView' });
    assert.deepEqual(codes(vm.instanceView?.statuses), ['ProvisioningState/succeeded', 'PowerState/deallocated', 'HibernationState/Hibernated']);
    const missing = await rejection(prod.virtualMachines.get(WEB_RG, 'vmss-api_ffffffff'));
    assert.equal(missing.statusCode, 404);
  });

  void test('a disabled subscription is read-only', async () => {
    const legacy = computeClient(emu, LEGACY);
    const sets = await collect(legacy.virtualMachineScaleSets.listAll());
    assert.equal(sets.length, 1);
    const refused = await rejection(legacy.virtualMachineScaleSets.deallocate('rg-legacy', 'vmss-legacy'));
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.code, 'ReadOnlyDisabledSubscription');
  });

  void test('LRO faults: an operation that ends Failed or Canceled rejects with its error and leaves the VM as it was', async () => {
    emu.inject({ kind: 'lroFail', route: '/virtualmachines/8/poweroff', code: 'InternalExecutionError', message: 'boom' });
    const failed = await rejection(prod.virtualMachineScaleSetVMs.powerOff(WEB_RG, 'vmss-web', '8', { updateIntervalInMs: 30 }));
    assert.match(failed.message, /boom|InternalExecutionError/);
    assert.ok(codes((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '8')).statuses).includes('PowerState/running'));

    emu.inject({ kind: 'lroCancel', route: /\/deallocate$/ });
    const canceled = await rejection(prod.virtualMachineScaleSets.deallocate(WEB_RG, 'vmss-web', { vmInstanceIDs: { instanceIds: ['9'] }, updateIntervalInMs: 30 }));
    assert.match(canceled.message, /cancel|OperationPreempted|preempted/i);
    assert.ok(codes((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '9')).statuses).includes('PowerState/running'));
  });

  void test('a status URL that fails once is retried by the SDK pipeline and the operation completes', async () => {
    const retrying = new ComputeManagementClient(new AzureCliCredential(), PROD, {
      endpoint: emu.armUrl, credentials: { scopes: SCOPES }, retryOptions: { maxRetries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
    });
    emu.requests.clear();
    emu.inject({ kind: 'status', status: 500, route: /\/operations\/[0-9a-f-]+$/ });
    await retrying.virtualMachineScaleSetVMs.deallocate(WEB_RG, 'vmss-web', '13', { updateIntervalInMs: 30 });
    const polls = emu.requests.where({ operation: 'operationStatus' });
    assert.equal(polls[0]?.fault, 'status');
    assert.equal(polls[0]?.status, 500);
    assert.ok(polls.slice(1).every((r) => r.status === 200));
    assert.ok(codes((await prod.virtualMachineScaleSetVMs.getInstanceView(WEB_RG, 'vmss-web', '13')).statuses).includes('PowerState/deallocated'));
  });

  void test('status and throttle faults surface as the SDK errors a client must handle', async () => {
    emu.inject({ kind: 'status', status: 503, route: 'get /subscriptions/' + PROD + '/resourcegroups/rg-web-prod/providers/microsoft.compute/virtualmachinescalesets/vmss-web' });
    const unavailable = await rejection(prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-web'));
    assert.equal(unavailable.statusCode, 503);
    emu.inject({ kind: 'throttle', retryAfterSeconds: 7, route: '/virtualmachinescalesets/vmss-web' });
    const throttled = await rejection(prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-web'));
    assert.equal(throttled.statusCode, 429);
    assert.equal(throttled.code, 'OperationNotAllowed');
    const ok = await prod.virtualMachineScaleSets.get(WEB_RG, 'vmss-web');
    assert.equal(ok.name, 'vmss-web', 'faults are consumed by count');
  });
});
