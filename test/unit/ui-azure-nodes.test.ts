/**
 * ARM ids are case-insensitive and ARM answers in mixed casing: when the VM list spells the
 * resource group in upper case, an operation's refresh and its pending mark still find and
 * update the node the tree already shows (no second node, no stale state).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AZURE_CLOUD } from '../../src/fleet/clouds';
import type { AzurePowerState, ScaleSetInstance } from '../../src/fleet/model';
import { AzureNodeIndex, SubscriptionNode } from '../../src/ui/tree/azureNodes';
import { instancePresentation } from '../../src/ui/tree/azurePresentation';
import { PendingOperations } from '../../src/ui/tree/pending';
import { azureStateIsTransitional } from '../../src/ui/targets';
import { instance, scaleSet, subscription } from './ui-fixtures';

const web = scaleSet('vmss-web', 'Uniform');
const flex = scaleSet('vmss-flex', 'Flexible', true);

/** The same VM as ARM may return it: the resource group segment in upper case. */
function upperResourceGroup(vm: ScaleSetInstance, powerState: AzurePowerState): ScaleSetInstance {
  const upper = (id: string): string => id.replace(/\/resourceGroups\/([^/]+)/, (_, rg: string) => `/resourceGroups/${rg.toUpperCase()}`);
  return { ...vm, id: upper(vm.id), powerState, scaleSet: { ...vm.scaleSet, id: upper(vm.scaleSet.id), resourceGroup: vm.scaleSet.resourceGroup.toUpperCase() } };
}

void describe('Azure node index (ARM ids ignore case)', () => {
  void test('a re-read that spells the resource group in upper case updates the node the tree shows', () => {
    const nodes = new AzureNodeIndex();
    const parent = new SubscriptionNode(subscription('sub-1', 'Production'));
    const setNode = nodes.scaleSetNode(web, parent);
    const vm = instance(web, 3, 'running');
    const shown = nodes.instanceNode(vm, setNode);

    // The operation was started on the tree's ids; ARM then lists the VM with RG-VMSS-WEB.
    const target = { id: vm.id, scope: web.id };
    const relisted = upperResourceGroup(vm, 'stopping');
    assert.notEqual(relisted.id, vm.id);
    assert.equal(nodes.instanceNode(relisted, setNode), shown, 'the same node, not a second one');
    assert.equal(shown.id, vm.id, 'the node keeps its TreeItem id');
    assert.equal(shown.data.powerState, 'stopping', 'and shows the new state');

    // The operation's refresh: its scope and target ids find the nodes, whatever the casing.
    assert.deepEqual(nodes.scaleSetsFor([target.scope, relisted.scaleSet.id]), [setNode]);
    assert.deepEqual(nodes.instancesFor([target.id, relisted.id]), [shown]);
    assert.ok(nodes.instancesFor([target.id]).some((n) => azureStateIsTransitional(n.data.powerState)), 'still changing: keep polling');
    nodes.instanceNode(upperResourceGroup(vm, 'stopped'), setNode);
    assert.ok(!nodes.instancesFor([target.id]).some((n) => azureStateIsTransitional(n.data.powerState)), 'settled: polling stops');
  });

  void test('the pending mark set with the upper-case id shows on the node (and clears from it)', () => {
    const nodes = new AzureNodeIndex();
    const setNode = nodes.scaleSetNode(flex, new SubscriptionNode(subscription('sub-1', 'Production')));
    const vm = instance(flex, 1, 'running');
    const shown = nodes.instanceNode(vm, setNode);
    const pending = new PendingOperations(AZURE_CLOUD);
    const resumedTarget = upperResourceGroup(vm, 'running').id; // e.g. a journaled record written from ARM's casing
    pending.mark([resumedTarget], 'azure.deallocate');
    assert.deepEqual(nodes.instancesFor([resumedTarget]), [shown], 'repaint finds the node');
    assert.equal(instancePresentation(shown.data, pending.get(shown.id)).description, 'Deallocating…');
    pending.clear([resumedTarget]);
    assert.equal(instancePresentation(shown.data, pending.get(shown.id)).description, 'Running');
  });

  void test('the same id under another scale-set node is a new node; unknown ids find nothing', () => {
    const nodes = new AzureNodeIndex();
    const parent = new SubscriptionNode(subscription('sub-1', 'Production'));
    const first = nodes.scaleSetNode(web, parent);
    assert.equal(nodes.scaleSetNode({ ...web, id: web.id.toUpperCase(), capacity: 5 }, parent), first);
    assert.equal(first.data.capacity, 5);
    assert.notEqual(nodes.scaleSetNode(web, new SubscriptionNode(subscription('sub-1', 'Production'))), first);
    assert.equal(nodes.findInstance('/subscriptions/x/nothing'), undefined);
    assert.deepEqual(nodes.instancesFor(['/subscriptions/x/nothing']), []);
  });
});
