/**
 * Which instances an action may be sent to. The menus (contextValue), the palette pickers
 * and the flows all ask here, so a menu never offers what the cloud would refuse.
 */
import { CLOUD_DESCRIPTORS } from '../fleet/clouds';
import { maintenanceEligibility } from '../fleet/maintenance';
import type { AzurePowerState, CloudId, EcsInstance, EcsStatus, ScaleSetInstance } from '../fleet/model';

export type AzureAction = 'powerOff' | 'deallocate' | 'performMaintenance' | 'start' | 'restart';
/** Actions the power state alone decides; Perform Maintenance also needs Azure's maintenance status. */
export type AzureStateAction = Exclude<AzureAction, 'performMaintenance'>;

const AZURE_VALID_STATES: Record<AzureStateAction, readonly AzurePowerState[]> = {
  // A deallocated or already stopped VM cannot be powered off.
  powerOff: ['running', 'starting'],
  deallocate: ['running', 'starting', 'stopped', 'stopping'],
  // Starting a hibernated VM resumes it; a running one has nothing to start.
  start: ['stopped', 'deallocated', 'hibernated'],
  // Azure restarts only a running VM (a stopped one would have to be started).
  restart: ['running'],
};

export function azureActionAllowed(action: AzureStateAction, state: AzurePowerState): boolean {
  return AZURE_VALID_STATES[action].includes(state);
}

/** Whether this instance can take the action now: its state, and for maintenance the one maintenance rule. */
export function azureInstanceAllowed(action: AzureAction, instance: Pick<ScaleSetInstance, 'powerState' | 'maintenance'>, now = Date.now()): boolean {
  if (action === 'performMaintenance') return maintenanceEligibility(instance, now).eligible;
  return azureActionAllowed(action, instance.powerState);
}

export function azureValidTargets(action: AzureAction, instances: readonly ScaleSetInstance[], now = Date.now()): ScaleSetInstance[] {
  return instances.filter((instance) => azureInstanceAllowed(action, instance, now));
}

export type EcsAction = 'stop' | 'start' | 'reboot';

const ECS_VALID_STATUSES: Record<EcsAction, readonly EcsStatus[]> = {
  stop: ['RUNNING'],
  // "Only instances in the stopped state can be started" (StartInstances doc).
  start: ['STOPPED'],
  reboot: ['RUNNING'],
};

export function ecsActionAllowed(action: EcsAction, status: EcsStatus): boolean {
  return ECS_VALID_STATUSES[action].includes(status);
}

export function ecsValidTargets(action: EcsAction, instances: readonly EcsInstance[]): EcsInstance[] {
  return instances.filter((instance) => ecsActionAllowed(action, instance.status));
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
