/**
 * Planned requests to SDK calls: starting the long-running operation for a planned request,
 * and restoring its poller from the journal after a reload. The SDK's poller is the only
 * record of where an accepted request is tracked; it is serialized by the SDK, never read here.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import { loadCompute } from './client';
import { assertInstanceIds } from './httpPolicy';
import { AzureOperationRefused, type PlannedAzureRequest } from './plan';

export type AzurePoller = ReturnType<ComputeManagementClient['virtualMachineScaleSets']['deallocate']>;

/** The final response of the action itself (after the SDK's retries), as the SDK's onResponse hook hands it over. */
export interface ActionResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}

interface StartOptions {
  updateIntervalInMs: number;
  onResponse: (response: ActionResponse, error?: unknown) => void;
  /** Stops the action's request and the SDK's wait before retrying it (a throttled one) when the window closes. */
  abortSignal?: AbortSignal;
}

/** Sends the planned request; the SDK sends it at once and polls when asked. */
export function startAzurePoller(compute: ComputeManagementClient, planned: PlannedAzureRequest, options: StartOptions): AzurePoller {
  const { resourceGroup, name } = planned;
  const skipShutdown = planned.skipShutdown === true;
  const hibernate = planned.hibernate ? { hibernate: true } : {};
  switch (planned.api) {
    case 'scaleSet': {
      // The last line of defence: a scale-set action without instances would hit every VM.
      assertInstanceIds(planned.instanceIds, `a scale-set ${planned.action}`);
      const scaleSets = compute.virtualMachineScaleSets;
      const withIds = { ...options, vmInstanceIDs: { instanceIds: [...planned.instanceIds] } };
      switch (planned.action) {
        case 'powerOff': return scaleSets.powerOff(resourceGroup, name, { ...withIds, skipShutdown });
        case 'deallocate': return scaleSets.deallocate(resourceGroup, name, { ...withIds, ...hibernate });
        case 'performMaintenance': return scaleSets.performMaintenance(resourceGroup, name, withIds);
        case 'start': return scaleSets.start(resourceGroup, name, withIds);
        case 'restart': return scaleSets.restart(resourceGroup, name, withIds);
      }
      break;
    }
    case 'scaleSetVm': {
      const instanceId = planned.instanceIds[0];
      if (planned.instanceIds.length !== 1 || !instanceId) throw new AzureOperationRefused('InstanceSelectionRequired', 'A per-instance request needs exactly one instance id.');
      const scaleSetVms = compute.virtualMachineScaleSetVMs;
      switch (planned.action) {
        case 'powerOff': return scaleSetVms.powerOff(resourceGroup, name, instanceId, { ...options, skipShutdown });
        case 'deallocate': return scaleSetVms.deallocate(resourceGroup, name, instanceId, options);
        case 'performMaintenance': return scaleSetVms.performMaintenance(resourceGroup, name, instanceId, options);
        case 'start': return scaleSetVms.start(resourceGroup, name, instanceId, options);
        case 'restart': return scaleSetVms.restart(resourceGroup, name, instanceId, options);
      }
      break;
    }
    case 'vm': {
      const vms = compute.virtualMachines;
      switch (planned.action) {
        case 'powerOff': return vms.powerOff(resourceGroup, name, { ...options, skipShutdown });
        case 'deallocate': return vms.deallocate(resourceGroup, name, { ...options, ...hibernate });
        case 'performMaintenance': return vms.performMaintenance(resourceGroup, name, options);
        case 'start': return vms.start(resourceGroup, name, options);
        case 'restart': return vms.restart(resourceGroup, name, options);
      }
      break;
    }
  }
  // Only reachable with a journal entry this version did not write.
  throw new AzureOperationRefused('UnknownRequest', `Unknown request ${String(planned.api)}/${String(planned.action)}: nothing was sent.`);
}

/**
 * A poller for a request accepted before a reload. Wrapped in an object: a poller is
 * thenable, so returning it from an async function would wait for the operation.
 */
export async function restoreAzurePoller(compute: ComputeManagementClient, planned: PlannedAzureRequest, serialized: string, updateIntervalInMs: number): Promise<{ poller: AzurePoller }> {
  const { restorePoller } = await loadCompute();
  const operations = planned.api === 'scaleSet'
    ? compute.virtualMachineScaleSets
    : planned.api === 'scaleSetVm' ? compute.virtualMachineScaleSetVMs : compute.virtualMachines;
  return { poller: restorePoller(compute, serialized, operations[planned.action], { updateIntervalInMs }) };
}
