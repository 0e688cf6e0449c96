/** An in-memory fleet for the UI flow tests: the flows read it through their source interfaces. */
import type {
  AzurePowerState, AzureSubscription, EcsInstance, EcsStatus, ScaleSet, ScaleSetInstance, ScaleSetRef,
} from '../../src/fleet/model';
import type { AzureFleetSource, VolcengineFleetSource } from '../../src/ui/flows/types';

export function scaleSet(name: string, mode: 'Uniform' | 'Flexible', hibernationEnabled = false, subscriptionId = 'sub-1'): ScaleSet {
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/rg-${name}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    name, subscriptionId, resourceGroup: `rg-${name}`, orchestrationMode: mode, location: 'westeurope', hibernationEnabled,
    skuName: 'Standard_D2s_v5', capacity: 0, provisioningState: 'Succeeded',
  };
}

export function instance(set: ScaleSet, index: number, powerState: AzurePowerState): ScaleSetInstance {
  const ref: ScaleSetRef = { id: set.id, name: set.name, subscriptionId: set.subscriptionId, resourceGroup: set.resourceGroup, orchestrationMode: set.orchestrationMode };
  if (set.orchestrationMode === 'Uniform') {
    return { id: `${set.id}/virtualMachines/${index}`, name: `${set.name}_${index}`, instanceId: String(index), scaleSet: ref, powerState, provisioningState: 'Succeeded', zone: '1', vmSize: 'Standard_D2s_v5', computerName: `${set.name}00000${index}` };
  }
  const name = `${set.name}_${String(index).padStart(8, 'a')}`;
  return { id: `/subscriptions/${set.subscriptionId}/resourceGroups/${set.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`, name, instanceId: name, scaleSet: ref, powerState };
}

export class MemoryAzureFleet implements AzureFleetSource {
  /** Every instances() call, to check that a whole-scale-set action re-reads before confirming. */
  readonly instanceReads: Array<{ id: string; fresh: boolean }> = [];

  constructor(
    private readonly subs: AzureSubscription[],
    private readonly sets: ScaleSet[],
    private readonly vms: ScaleSetInstance[],
  ) {}

  subscriptions(): Promise<AzureSubscription[]> {
    return Promise.resolve(this.subs);
  }

  scaleSets(subscriptionId: string): Promise<ScaleSet[]> {
    return Promise.resolve(this.sets.filter((s) => s.subscriptionId === subscriptionId));
  }

  instances(ref: ScaleSetRef, fresh = false): Promise<ScaleSetInstance[]> {
    this.instanceReads.push({ id: ref.id, fresh });
    return Promise.resolve(this.vms.filter((vm) => vm.scaleSet.id === ref.id));
  }

  scaleSet(ref: ScaleSetRef): ScaleSet | undefined {
    return this.sets.find((s) => s.id === ref.id);
  }

  /** The cloud changed behind the tree's back. */
  setPowerState(id: string, powerState: AzurePowerState): void {
    const vm = this.vms.find((v) => v.id === id);
    if (vm) vm.powerState = powerState;
  }
}

export function ecs(instanceId: string, status: EcsStatus, regionId = 'cn-beijing', name = `web-${instanceId.slice(-2)}`): EcsInstance {
  return { instanceId, name, regionId, zoneId: `${regionId}-a`, status, instanceTypeId: 'ecs.g3i.large', chargeType: 'PostPaid', ...(status === 'STOPPED' ? { stoppedMode: 'KeepCharging' as const } : {}) };
}

export class MemoryVolcengineFleet implements VolcengineFleetSource {
  constructor(private readonly byRegion: Record<string, EcsInstance[]>) {}

  regions(): Promise<Array<{ regionId: string }>> {
    return Promise.resolve(Object.keys(this.byRegion).map((regionId) => ({ regionId })));
  }

  instances(regionId: string): Promise<EcsInstance[]> {
    return Promise.resolve(this.byRegion[regionId] ?? []);
  }
}

export function subscription(subscriptionId: string, displayName: string, state = 'Enabled'): AzureSubscription {
  return { subscriptionId, displayName, state };
}
