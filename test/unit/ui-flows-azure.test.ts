import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deallocateFlow, powerOffFlow } from '../../src/ui/flows/azure';
import { performMaintenanceFlow } from '../../src/ui/flows/azureMaintenance';
import { QueuePrompter } from '../../src/ui/prompts/queuePrompter';
import { instance, MemoryAzureFleet, scaleSet, subscription } from './ui-fixtures';

const web = scaleSet('vmss-web', 'Uniform');
const flex = scaleSet('vmss-flex', 'Flexible', true);
const flexNoHibernation = scaleSet('vmss-batch', 'Flexible', false);
const other = scaleSet('vmss-api', 'Uniform', false, 'sub-2');

function fleet(): { source: MemoryAzureFleet; vms: ReturnType<typeof instance>[] } {
  const vms = [
    instance(web, 0, 'running'), instance(web, 1, 'running'), instance(web, 2, 'deallocated'), instance(web, 3, 'running'), instance(web, 4, 'stopped'),
    instance(flex, 1, 'running'), instance(flex, 2, 'running'), instance(flex, 3, 'hibernated'),
    instance(flexNoHibernation, 1, 'running'),
    instance(other, 0, 'running'),
  ];
  const source = new MemoryAzureFleet(
    [subscription('sub-1', 'Production'), subscription('sub-2', 'Staging'), subscription('sub-3', 'Old', 'Disabled')],
    [web, flex, flexNoHibernation, other],
    vms,
  );
  return { source, vms };
}

function vm(vms: ReturnType<typeof instance>[], name: string): ReturnType<typeof instance> {
  const found = vms.find((v) => v.name === name);
  assert.ok(found, `fixture ${name}`);
  return found;
}

void describe('Power Off flow', () => {
  void test('instance node, skip shutdown: one target, skipShutdown=true, confirmation names the VM and the billing', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Skip shutdown' }, { confirm: true }]);
    const result = await powerOffFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_3')] }, { prompter, source });
    assert.equal(result.outcome, 'plan');
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.kind, 'azure.powerOff');
    assert.deepEqual(result.plan.options, { skipShutdown: true });
    assert.deepEqual(result.plan.targets, [{ id: `${web.id}/virtualMachines/3`, label: 'vmss-web/3', scope: web.id }]);

    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.deepEqual(pick.items.map((i) => i.label), ['Graceful shutdown', 'Skip shutdown']);
    assert.equal(pick.items[0]?.description, 'default', 'graceful shutdown is the default (first) choice');

    const confirm = prompter.asked[1];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Power off vmss-web/3?');
    assert.match(confirm.detail, /still billed/);
    assert.match(confirm.detail, /Deallocate stops compute charges/);
    assert.match(confirm.detail, /Skip shutdown/);
    assert.equal(confirm.confirmLabel, 'Power Off');
    assert.equal(prompter.remaining, 0);
  });

  void test('graceful is chosen by default and multi-select keeps exactly the chosen instances', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Graceful shutdown' }, { confirm: true }]);
    const chosen = [vm(vms, 'vmss-web_0'), vm(vms, 'vmss-web_1')];
    const result = await powerOffFlow({ kind: 'instances', instances: chosen }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.options, { skipShutdown: false });
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/0', 'vmss-web/1']);
    const confirm = prompter.asked[1];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Power off 2 instances?');
    assert.match(confirm.detail, /vmss-web\/0, vmss-web\/1/);
  });

  void test('a deallocated VM in the selection is left out and named; it is never a target', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Graceful shutdown' }, { confirm: true }]);
    const result = await powerOffFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_1'), vm(vms, 'vmss-web_2')] }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/1']);
    const confirm = prompter.asked[1];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.detail, /Left out .*vmss-web\/2 \(cannot be powered off while Deallocated\)/);
  });

  void test('only invalid targets selected: nothing to do, and nothing is even asked', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([]);
    const result = await powerOffFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_2'), vm(vms, 'vmss-web_4')] }, { prompter, source });
    assert.equal(result.outcome, 'nothingToDo');
    assert.ok(result.outcome === 'nothingToDo');
    assert.match(result.message, /Nothing was sent/);
    assert.equal(prompter.asked.length, 0);
  });

  void test('dismissing the options pick or declining the confirmation cancels', async () => {
    const { source, vms } = fleet();
    const dismissed = await powerOffFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_0')] }, { prompter: new QueuePrompter([{ dismiss: true }]), source });
    assert.equal(dismissed.outcome, 'canceled');
    const declined = await powerOffFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_0')] }, { prompter: new QueuePrompter([{ pick: 'Skip shutdown' }, { confirm: false }]), source });
    assert.equal(declined.outcome, 'canceled');
  });

  void test('from the palette: subscription → scale set → instances, offering only valid targets with their state', async () => {
    const { source } = fleet();
    const prompter = new QueuePrompter([
      { pick: 'Production' }, { pick: 'vmss-web' }, { pickMany: ['vmss-web_3'] }, { pick: 'Graceful shutdown' }, { confirm: true },
    ]);
    const result = await powerOffFlow({ kind: 'none' }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/3']);

    const subscriptions = prompter.asked[0];
    assert.ok(subscriptions?.kind === 'pickOne');
    assert.deepEqual(subscriptions.items.map((i) => i.label), ['Production', 'Staging'], 'a disabled subscription is not offered');
    const instances = prompter.asked[2];
    assert.ok(instances?.kind === 'pickMany');
    assert.deepEqual(instances.items.map((i) => i.label), ['vmss-web_0', 'vmss-web_1', 'vmss-web_3'], 'deallocated and stopped VMs are not offered');
    assert.match(instances.items[0]?.description ?? '', /vmss-web\/0 · Running/);
    assert.match(instances.placeholder, /3 of 5/);
  });

  void test('from the palette, an empty multi-select sends nothing', async () => {
    const { source } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Production' }, { pick: 'vmss-web' }, { pickMany: [] }]);
    const result = await powerOffFlow({ kind: 'none' }, { prompter, source });
    assert.equal(result.outcome, 'nothingToDo');
  });
});

void describe('Deallocate flow', () => {
  void test('whole scale set: re-reads the instances, names the count, carries exactly the confirmed instances', async () => {
    const { source } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]);
    const result = await deallocateFlow({ kind: 'scaleSet', scaleSet: web }, { prompter, source });
    assert.deepEqual(source.instanceReads, [{ id: web.id, fresh: true }]);
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.targets.map((t) => t.label), ['vmss-web/0', 'vmss-web/1', 'vmss-web/3', 'vmss-web/4']);
    assert.deepEqual(result.plan.options, { hibernate: false });
    const confirm = prompter.asked[1];
    assert.ok(confirm?.kind === 'confirm');
    assert.equal(confirm.message, 'Deallocate 4 instances of scale set vmss-web?');
    assert.match(confirm.detail, /stop compute charges/);
    assert.match(confirm.detail, /Left out .*vmss-web\/2/);
  });

  void test('the confirmed set is what the cloud held at confirmation time, not the stale tree', async () => {
    const { source } = fleet();
    source.setPowerState(`${web.id}/virtualMachines/0`, 'deallocated');
    const prompter = new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]);
    const result = await deallocateFlow({ kind: 'scaleSet', scaleSet: web }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.equal(result.plan.targets.length, 3);
    assert.ok(!result.plan.targets.some((t) => t.label === 'vmss-web/0'));
  });

  void test('Uniform: hibernate is not offered and the pick says why', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]);
    await deallocateFlow({ kind: 'instances', instances: [vm(vms, 'vmss-web_0')] }, { prompter, source });
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.deepEqual(pick.items.map((i) => i.label), ['Deallocate']);
    assert.match(pick.items[0]?.detail ?? '', /Hibernate is not offered: vmss-web is a Uniform scale set/);
  });

  void test('Flexible without hibernation enabled: not offered, with the reason', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]);
    await deallocateFlow({ kind: 'instances', instances: [vm(vms, 'vmss-batch_aaaaaaa1')] }, { prompter, source });
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.equal(pick.items.length, 1);
    assert.match(pick.items[0]?.detail ?? '', /hibernation is not enabled on vmss-batch/);
  });

  void test('Flexible with hibernation: two Flexible VMs, hibernate=true, exactly those two', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Hibernate and deallocate' }, { confirm: true }]);
    const chosen = [vm(vms, 'vmss-flex_aaaaaaa1'), vm(vms, 'vmss-flex_aaaaaaa2')];
    const result = await deallocateFlow({ kind: 'instances', instances: chosen }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    assert.deepEqual(result.plan.options, { hibernate: true });
    assert.deepEqual(result.plan.targets.map((t) => t.id), chosen.map((c) => c.id));
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.deepEqual(pick.items.map((i) => i.label), ['Deallocate', 'Hibernate and deallocate']);
    const confirm = prompter.asked[1];
    assert.ok(confirm?.kind === 'confirm');
    assert.match(confirm.detail, /memory is saved to the OS disk/);
  });

  void test('a mixed selection across modes offers no hibernation and names the Uniform set', async () => {
    const { source, vms } = fleet();
    const prompter = new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]);
    const result = await deallocateFlow({ kind: 'instances', instances: [vm(vms, 'vmss-flex_aaaaaaa1'), vm(vms, 'vmss-web_1')] }, { prompter, source });
    assert.ok(result.outcome === 'plan');
    const pick = prompter.asked[0];
    assert.ok(pick?.kind === 'pickOne');
    assert.equal(pick.items.length, 1);
    assert.match(pick.items[0]?.detail ?? '', /vmss-web is a Uniform/);
  });

  void test('a whole scale set with nothing deallocatable sends nothing and asks nothing', async () => {
    const lonely = scaleSet('vmss-idle', 'Uniform');
    const source = new MemoryAzureFleet([subscription('sub-1', 'Production')], [lonely], [instance(lonely, 0, 'deallocated'), instance(lonely, 1, 'deallocating')]);
    const prompter = new QueuePrompter([]);
    const result = await deallocateFlow({ kind: 'scaleSet', scaleSet: lonely }, { prompter, source });
    assert.equal(result.outcome, 'nothingToDo');
    assert.equal(prompter.asked.length, 0);
  });
});

// The Perform Maintenance flow's own cases are in ui-flows-maintenance.test.ts.

void describe('never an empty or omitted instance list', () => {
  void test('every plan any flow returns has at least one explicit target id', async () => {
    const { source, vms } = fleet();
    const runs = [
      powerOffFlow({ kind: 'instances', instances: vms }, { prompter: new QueuePrompter([{ pick: 'Skip shutdown' }, { confirm: true }]), source }),
      deallocateFlow({ kind: 'instances', instances: vms }, { prompter: new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]), source }),
      // Maintenance acts only where Azure offers it: give every VM an open self-service window.
      performMaintenanceFlow({ kind: 'instances', instances: vms.map((v) => ({ ...v, maintenance: { customerMayStart: true } })) }, { prompter: new QueuePrompter([{ confirm: true }]), source }),
      deallocateFlow({ kind: 'scaleSet', scaleSet: flex }, { prompter: new QueuePrompter([{ pick: 'Deallocate' }, { confirm: true }]), source }),
    ];
    for (const result of await Promise.all(runs)) {
      assert.ok(result.outcome === 'plan');
      assert.ok(result.plan.targets.length > 0);
      for (const target of result.plan.targets) {
        assert.ok(target.id.startsWith('/subscriptions/'), target.id);
        assert.ok(target.scope.includes('/virtualMachineScaleSets/'), target.scope);
      }
    }
  });
});
