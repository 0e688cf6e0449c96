/**
 * ARM resources to fleet types: pure, so bad shapes (ids that are not strings, missing names)
 * are unit-tested without a server. Anything that cannot be a node or a target is dropped.
 */
import type { VirtualMachine, VirtualMachineScaleSet, VirtualMachineScaleSetVM } from '@azure/arm-compute';
import type { OrchestrationMode, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import { parseArmId, parseScaleSetId } from './armId';
import { maintenanceFromSdk } from './maintenanceStatus';
import { powerStateFromStatuses, provisioningStateFromStatuses } from './powerState';

export function toScaleSet(vmss: Pick<VirtualMachineScaleSet, 'id' | 'name' | 'location' | 'orchestrationMode' | 'additionalCapabilities' | 'sku' | 'provisioningState'>, subscriptionId: string): ScaleSet | undefined {
  if (!vmss.id) return undefined;
  let parsed: ReturnType<typeof parseScaleSetId>;
  try {
    parsed = parseScaleSetId(vmss.id);
  } catch {
    return undefined;
  }
  const mode: OrchestrationMode = vmss.orchestrationMode?.toLowerCase() === 'flexible' ? 'Flexible' : 'Uniform';
  const out: ScaleSet = {
    id: vmss.id,
    name: vmss.name ?? parsed.scaleSetName,
    subscriptionId: parsed.subscriptionId || subscriptionId,
    resourceGroup: parsed.resourceGroup,
    orchestrationMode: mode,
    location: vmss.location ?? '',
    hibernationEnabled: vmss.additionalCapabilities?.hibernationEnabled === true,
  };
  if (vmss.sku?.name) out.skuName = vmss.sku.name;
  if (typeof vmss.sku?.capacity === 'number') out.capacity = vmss.sku.capacity;
  if (vmss.provisioningState) out.provisioningState = vmss.provisioningState;
  return out;
}

export function uniformInstance(vm: Pick<VirtualMachineScaleSetVM, 'id' | 'name' | 'instanceId' | 'instanceView' | 'provisioningState' | 'zones' | 'sku' | 'hardwareProfile' | 'osProfile'>, scaleSet: ScaleSetRef): ScaleSetInstance | undefined {
  // The SDK does not check types: an id that is not a string cannot be a node or a target.
  if (typeof vm.id !== 'string' || !vm.id) return undefined;
  const instanceId = typeof vm.instanceId === 'string' ? vm.instanceId : vm.id.split('/').pop() ?? '';
  const statuses = vm.instanceView?.statuses;
  const out: ScaleSetInstance = {
    id: vm.id,
    name: typeof vm.name === 'string' && vm.name ? vm.name : `${scaleSet.name}_${instanceId}`,
    instanceId,
    scaleSet: refOf(scaleSet),
    powerState: powerStateFromStatuses(statuses),
  };
  const provisioning = vm.provisioningState ?? provisioningStateFromStatuses(statuses);
  if (provisioning) out.provisioningState = provisioning;
  if (vm.zones?.[0]) out.zone = vm.zones[0];
  const size = vm.sku?.name ?? vm.hardwareProfile?.vmSize;
  if (size) out.vmSize = size;
  const computerName = vm.instanceView?.computerName ?? vm.osProfile?.computerName;
  if (computerName) out.computerName = computerName;
  const maintenance = maintenanceFromSdk(vm.instanceView?.maintenanceRedeployStatus);
  if (maintenance) out.maintenance = maintenance;
  return out;
}

export function flexibleInstance(vm: Pick<VirtualMachine, 'id' | 'name' | 'instanceView' | 'provisioningState' | 'zones' | 'hardwareProfile' | 'osProfile'>, scaleSet: ScaleSetRef): ScaleSetInstance | undefined {
  if (typeof vm.id !== 'string' || !vm.id) return undefined;
  let name = typeof vm.name === 'string' ? vm.name : undefined;
  if (!name) {
    try {
      const parsed = parseArmId(vm.id);
      if (parsed.kind === 'virtualMachine') name = parsed.vmName;
    } catch {
      return undefined;
    }
  }
  if (!name) return undefined;
  const statuses = vm.instanceView?.statuses;
  const out: ScaleSetInstance = {
    id: vm.id,
    name,
    instanceId: name,
    scaleSet: refOf(scaleSet),
    powerState: powerStateFromStatuses(statuses),
  };
  const provisioning = vm.provisioningState ?? provisioningStateFromStatuses(statuses);
  if (provisioning) out.provisioningState = provisioning;
  if (vm.zones?.[0]) out.zone = vm.zones[0];
  if (vm.hardwareProfile?.vmSize) out.vmSize = vm.hardwareProfile.vmSize;
  const computerName = vm.instanceView?.computerName ?? vm.osProfile?.computerName;
  if (computerName) out.computerName = computerName;
  const maintenance = maintenanceFromSdk(vm.instanceView?.maintenanceRedeployStatus);
  if (maintenance) out.maintenance = maintenance;
  return out;
}

/** A copy with only the reference fields (a listed ScaleSet carries more). */
function refOf(scaleSet: ScaleSetRef): ScaleSetRef {
  const { id, name, subscriptionId, resourceGroup, orchestrationMode } = scaleSet;
  return { id, name, subscriptionId, resourceGroup, orchestrationMode };
}
