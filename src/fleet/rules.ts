/** Rules the cloud enforces, stated once so the menus, the flows and the drivers agree. */
import type { ScaleSet } from './model';

/** Hibernation can only work on a Flexible scale set created with hibernation enabled. */
export function hibernationBlocker(scaleSet: Pick<ScaleSet, 'orchestrationMode' | 'hibernationEnabled'>): 'uniform' | 'notEnabled' | undefined {
  if (scaleSet.orchestrationMode !== 'Flexible') return 'uniform';
  if (!scaleSet.hibernationEnabled) return 'notEnabled';
  return undefined;
}

/**
 * Elastic bare-metal types (family `ebm…`, including the ebmhpc* GPU types) are always
 * force-stopped on a stop or reboot, whatever ForceStop says (StopInstance, RebootInstance docs).
 */
export function ecsAlwaysForceStopped(instanceTypeId: string): boolean {
  return /^ebm/.test(instanceTypeId.split('.')[1] ?? '');
}
