/** Rules the cloud enforces, stated once so the menus, the flows and the drivers agree. */
import type { ScaleSet } from './model';

/** Hibernation can only work on a Flexible scale set created with hibernation enabled. */
export function hibernationBlocker(scaleSet: Pick<ScaleSet, 'orchestrationMode' | 'hibernationEnabled'>): 'uniform' | 'notEnabled' | undefined {
  if (scaleSet.orchestrationMode !== 'Flexible') return 'uniform';
  if (!scaleSet.hibernationEnabled) return 'notEnabled';
  return undefined;
}
