/**
 * A Flexible VM's id (…/virtualMachines/{name}) does not name its scale set, so a target could
 * claim any scale set as its scope: the tree never builds one, but the palette and the journal
 * are inputs too. Before anything is planned, every Flexible target must be a VM the scale set
 * itself listed; the tree's listing is usually known already, otherwise the scale set is listed.
 */
import { armIdKey } from '../../fleet/clouds';
import type { OperationTarget, ScaleSetRef } from '../../fleet/model';
import { groupByScope } from '../../fleet/planner';
import { parseScaleSetId, parseVmId } from './armId';
import type { AzureFleetClient } from './client';
import { AzureOperationRefused } from './plan';

/** Throws AzureOperationRefused (TargetOutsideScaleSet) for a Flexible target its scale set does not list. */
export async function assertFlexibleMembers(client: AzureFleetClient, targets: readonly OperationTarget[]): Promise<void> {
  for (const group of groupByScope(targets, (target) => target.scope)) {
    const flexible = group.items.filter((target) => parseVmId(target.id).kind === 'virtualMachine');
    if (flexible.length === 0) continue;
    const set = parseScaleSetId(group.scope);
    const scope = armIdKey(group.scope);
    const ref: ScaleSetRef = { id: group.scope, name: set.scaleSetName, subscriptionId: set.subscriptionId, resourceGroup: set.resourceGroup, orchestrationMode: 'Flexible' };
    if (flexible.some((target) => client.knownScaleSetOfVm(target.id) === undefined)) await client.listInstances(ref);
    for (const target of flexible) {
      if (client.knownScaleSetOfVm(target.id) !== scope) {
        throw new AzureOperationRefused('TargetOutsideScaleSet', `${target.label} is not a VM of scale set ${set.scaleSetName}. Nothing was sent.`);
      }
    }
  }
}
