/**
 * Which instances an action may be sent to. The menus (contextValue), the palette pickers
 * and the flows all ask here, so a menu never offers what the cloud would refuse.
 */
import { CLOUD_DESCRIPTORS } from '../fleet/clouds';
import type { AzurePowerState, CloudId, EcsInstance, EcsStatus, ScaleSetInstance } from '../fleet/model';

export type AzureAction = 'powerOff' | 'deallocate' | 'performMaintenance';

const AZURE_VALID_STATES: Record<AzureAction, readonly AzurePowerState[]> = {
  // A deallocated or already stopped VM cannot be powered off.
  powerOff: ['running', 'starting'],
  deallocate: ['running', 'starting', 'stopped', 'stopping'],
  performMaintenance: ['running', 'stopped', 'deallocated', 'hibernated'],
};

export function azureActionAllowed(action: AzureAction, state: AzurePowerState): boolean {
  return AZURE_VALID_STATES[action].includes(state);
}

export function azureValidTargets(action: AzureAction, instances: readonly ScaleSetInstance[]): ScaleSetInstance[] {
  return instances.filter((instance) => azureActionAllowed(action, instance.powerState));
}

const ECS_STOPPABLE: readonly EcsStatus[] = ['RUNNING'];

export function ecsStopAllowed(status: EcsStatus): boolean {
  return ECS_STOPPABLE.includes(status);
}

export function ecsValidTargets(instances: readonly EcsInstance[]): EcsInstance[] {
  return instances.filter((instance) => ecsStopAllowed(instance.status));
}

/** Transitional states: nodes in them are polled until they settle. */
export function azureStateIsTransitional(state: AzurePowerState): boolean {
  return state === 'starting' || state === 'stopping' || state === 'deallocating';
}

export function ecsStatusIsTransitional(status: EcsStatus): boolean {
  return ['CREATING', 'STOPPING', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'DELETING'].includes(status);
}

/** "vmss-web/3" for a Uniform instance, the VM name for a Flexible one. */
export function azureTargetLabel(instance: Pick<ScaleSetInstance, 'name' | 'instanceId' | 'scaleSet'>): string {
  return instance.scaleSet.orchestrationMode === 'Uniform' ? `${instance.scaleSet.name}/${instance.instanceId}` : instance.name;
}

/** "web-01 (i-abc)", or the id alone when the instance has no name. */
export function ecsTargetLabel(instance: Pick<EcsInstance, 'name' | 'instanceId'>): string {
  return instance.name && instance.name !== instance.instanceId ? `${instance.name} (${instance.instanceId})` : instance.instanceId;
}

/** Two ids name the same target when their keys are equal (ARM ids are case-insensitive). */
export function targetKey(cloud: CloudId, id: string): string {
  return CLOUD_DESCRIPTORS[cloud].targetKey(id);
}
