/**
 * The Perform Maintenance flow: it offers, names and sends only the instances Azure allows
 * self-service maintenance on; a whole scale set's confirmation lists them and says how many it
 * leaves out and why; none eligible means nothing asked and nothing sent; the confirmation says
 * what maintenance does. Azure's later refusal is worded as "not eligible now".
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CloudErrorInfo, MaintenanceStatus, ScaleSetInstance } from '../../src/fleet/index';
import { describeCloudError } from '../../src/ui/errorMessages';
import { performMaintenanceFlow } from '../../src/ui/flows/azureMaintenance';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { instance, MemoryAzureFleet, scaleSet, subscription } from './ui-fixtures';

const DAY = 86_400_000;
const open = (): MaintenanceStatus => ({ customerMayStart: true, selfServiceWindow: { start: Date.now() - DAY, end: Date.now() + 10 * DAY } });
const scheduledOnly = (): MaintenanceStatus => ({ customerMayStart: false, selfServiceWindow: { end: Date.now() - DAY }, scheduledWindow: { start: Date.now() + 2 * DAY, end: Date.now() + 4 * DAY } });

const web = scaleSet('vmss-web', 'Uniform');
const api = scaleSet('vmss-api', 'Flexible', true);

function fleet(): { source: MemoryAzureFleet; vms: ScaleSetInstance[] } {
  const vms: ScaleSetInstance[] = [
    instance(web, 0, 'running'), instance(web, 1, 'running'),
    { ...instance(web, 2, 'running'), maintenance: open() },
    { ...instance(web, 3, 'stopped'), maintenance: open() },
    { ...instance(web, 4, 'stopping'), maintenance: open() },
    { ...instance(web, 8, 'running'), maintenance: scheduledOnly() },
    { ...instance(web, 9, 'running'), maintenance: { customerMayStart: false, lastResult: 'MaintenanceCompleted' } },
    { ...instance(api, 1, 'running'), maintenance: open() }, instance(api, 2, 'running'),
  ];
  return { source: new MemoryAzureFleet([subscription('sub-1', 'Production')], [web, api], vms), vms };
}

const byName = (vms: ScaleSetInstance[], name: string): ScaleSetInstance => {
  const found = vms.find((v) => v.name === name);
  assert.ok(found, name);
  return found;
};

void describe('Perform Maintenance flow', () => {
  void test('whole scale set: re-reads, lists the eligible instances, names how many it leaves out and why, sends exactly those', async () => {
    const { source } = fleet();
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: web }, { prompter, source });
    assert.deepEqual(source.instanceReads, [{ id: web.id, fresh: true }]);
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'azure.performMaintenance');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/2', 'vmss-web/3']);
    const confirm = prompter.asked[0];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Perform maintenance on 2 instances of scale set vmss-web?');
    assert.match(confirm.detail, /^Instances: vmss-web\/2, vmss-web\/3$/m);
    assert.match(confirm.detail, /Left out, nothing is sent for them: 5 instances \(no maintenance planned: 2; its state is changing: 1; Azure does not offer self-service maintenance for it now: 2\)\./);
    assert.equal(confirm.confirmLabel, 'Perform Maintenance');
  });

  void test('the confirmation says what maintenance does: a restart (about 25 minutes each), temporary-disk data lost, not for VMs stopped often', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ confirm: false }]);
    const result = await performMaintenanceFlow({ kind: 'instances', instances: [byName(vms, 'vmss-web_2')] }, { prompter, source });
    assert.equal(result.outcome, 'canceled');
    const confirm = prompter.asked[0];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Perform maintenance on vmss-web/2?');
    assert.match(confirm.detail, /restarts .*about 25 minutes per instance/);
    assert.match(confirm.detail, /temporary disk is lost/);
    assert.match(confirm.detail, /stop or deallocate often/);
  });

  void test('none eligible: says so with the reasons, asks nothing, sends nothing', async () => {
    const lonely = scaleSet('vmss-idle', 'Uniform');
    const source = new MemoryAzureFleet([subscription('sub-1', 'Production')], [lonely], [instance(lonely, 0, 'running'), { ...instance(lonely, 1, 'running'), maintenance: scheduledOnly() }]);
    const prompter = new QueuePrompter([]);
    const result = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: lonely }, { prompter, source });
    assert.ok(result.outcome === 'nothingToDo');
    assert.equal(result.message, 'No instance of vmss-idle is eligible for self-service maintenance now (2 instances: no maintenance planned: 1; Azure does not offer self-service maintenance for it now: 1). Nothing was sent.');
    assert.equal(prompter.asked.length, 0);
  });

  void test('selected nodes: the ineligible ones are named and left out; only ineligible ones: nothing sent', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ confirm: true }]);
    const result = await performMaintenanceFlow({ kind: 'instances', instances: [byName(vms, 'vmss-web_0'), byName(vms, 'vmss-web_2'), byName(vms, 'vmss-web_2'), byName(vms, 'vmss-web_8')] }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/2']);
    const confirm = prompter.asked[0];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.detail, /Left out, nothing is sent for them: vmss-web\/0 \(no maintenance planned\), vmss-web\/8 \(Azure does not offer self-service maintenance for it now\)\./);

    const none = await performMaintenanceFlow({ kind: 'instances', instances: [byName(vms, 'vmss-web_0'), byName(vms, 'vmss-web_9')] }, { prompter: new QueuePrompter([]), source });
    assert.ok(none.outcome === 'nothingToDo');
    assert.match(none.message, /^None of the selected instances is eligible for self-service maintenance now: vmss-web\/0 \(no maintenance planned\), vmss-web\/9 \(Azure does not offer/);
  });

  void test('palette: subscription → scale set → only eligible instances, each with its marker; what is not ticked is not sent', async () => {
    const { source } = fleet();
    const prompter = new QueuePrompter([{ pick: 'vmss-web' }, { pickMany: ['vmss-web_3'] }, { confirm: true }]);
    const result = await performMaintenanceFlow({ kind: 'none' }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/3']);
    const pick = prompter.asked[1];
    assert.ok(pick?.kind === 'pickMany');
    assert.equal(pick.placeholder, 'Select the instances (2 of 7 are eligible for self-service maintenance now)');
    assert.deepEqual(pick.items.map((i) => i.label), ['vmss-web_2', 'vmss-web_3']);
    assert.match(pick.items[0]?.detail ?? '', /^maintenance pending: you can start it until /);
    const confirm = prompter.asked[2];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Perform maintenance on vmss-web/3?');
    assert.doesNotMatch(confirm.detail, /Left out/, 'an instance the user did not tick was not left out by a rule');
  });

  void test('a whole scale set with one eligible instance names it', async () => {
    const { source } = fleet();
    const result = await performMaintenanceFlow({ kind: 'scaleSet', scaleSet: api }, { prompter: new QueuePrompter([{ confirm: true }]), source });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.targets.length, 1);
    assert.match(result.plan.targets[0]?.id ?? '', /\/virtualMachines\/vmss-api_aaaaaaa1$/);
  });
});

void describe('when Azure still refuses', () => {
  const refusal = (message: string): CloudErrorInfo => ({ cloud: 'azure', code: 'OperationNotAllowed', message, httpStatus: 409, category: 'conflict' });

  void test('"not eligible" is worded as not eligible for self-service maintenance now; other conflicts keep their wording', () => {
    const notEligible = describeCloudError('azure.performMaintenance', refusal("Operation 'performMaintenance' is not allowed on VM 'vmss-web_8' since the Subscription of this VM is not eligible."), 'vmss-web/8');
    assert.match(notEligible.message, /^Azure refused to perform maintenance on vmss-web\/8: OperationNotAllowed — Operation 'performMaintenance' is not allowed/);
    assert.match(notEligible.message, /The instance is not eligible for self-service maintenance now \(its maintenance status changed since it was last read\); the view has been refreshed\.$/);
    const busy = describeCloudError('azure.performMaintenance', refusal("Operation 'performMaintenance' is not allowed on VM 'vmss-web_8' since another operation is in progress."), 'vmss-web/8');
    assert.match(busy.message, /The resource's state does not allow this now; the view has been refreshed\.$/);
    const powerOff = describeCloudError('azure.powerOff', refusal('… is not eligible.'), 'vmss-web/8');
    assert.doesNotMatch(powerOff.message, /self-service maintenance/);
  });
});
