import type { AzurePowerState } from '../../fleet/model';

interface InstanceViewStatusLike {
  code?: string;
}

const POWER_STATES: Record<string, AzurePowerState> = {
  running: 'running',
  stopped: 'stopped',
  deallocated: 'deallocated',
  starting: 'starting',
  stopping: 'stopping',
  deallocating: 'deallocating',
};

/**
 * Maps instance-view statuses to a power state. Hibernation is reported as
 * PowerState/deallocated plus HibernationState/Hibernated (there is no PowerState/hibernated).
 */
export function powerStateFromStatuses(statuses: readonly InstanceViewStatusLike[] | undefined): AzurePowerState {
  if (!statuses) return 'unknown';
  let power: AzurePowerState | undefined;
  let hibernated = false;
  for (const s of statuses) {
    const code = s.code?.toLowerCase() ?? '';
    if (code.startsWith('powerstate/')) power = POWER_STATES[code.slice('powerstate/'.length)] ?? 'unknown';
    else if (code === 'hibernationstate/hibernated') hibernated = true;
  }
  if (power === undefined) return 'unknown';
  return power === 'deallocated' && hibernated ? 'hibernated' : power;
}

/** Provisioning state from statuses ("ProvisioningState/succeeded" → "succeeded"), when the resource does not carry it. */
export function provisioningStateFromStatuses(statuses: readonly InstanceViewStatusLike[] | undefined): string | undefined {
  const code = statuses?.find((s) => s.code?.toLowerCase().startsWith('provisioningstate/'))?.code;
  return code?.split('/')[1];
}
