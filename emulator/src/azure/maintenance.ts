/**
 * maintenanceRedeployStatus for the emulated VMs. The shape is the spec's (computeRPCommon.json
 * 2024-07-01 `MaintenanceRedeployStatus`; VirtualMachineScaleSetVM_List_MaximumSet_Gen.json carries
 * it on a listed instance); the named profiles place the windows around the emulator's start so the
 * sample fleet always has an open self-service window, one with only the scheduled window left and
 * one completed, whatever day it is run. The durations are our choice (the docs say the
 * self-service window is "typically 35 days"; the one here ends 11 days after the start so it is
 * seen ending in the same month).
 */
import type { FleetAzureInstance, FleetMaintenanceProfile, FleetMaintenanceStatus, FleetScaleSet } from '../core/types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const MAINTENANCE_PROFILES: readonly FleetMaintenanceProfile[] = ['selfServiceOpen', 'scheduledOnly', 'completed', 'retryLater', 'aborted'];

export function maintenanceProfile(profile: FleetMaintenanceProfile, now: number): FleetMaintenanceStatus {
  const base = Math.floor(now / HOUR) * HOUR;
  const iso = (offsetDays: number) => new Date(base + offsetDays * DAY).toISOString();
  const openWindow = { preMaintenanceWindowStartTime: iso(-2), preMaintenanceWindowEndTime: iso(11) };
  const pastWindow = { preMaintenanceWindowStartTime: iso(-30), preMaintenanceWindowEndTime: iso(-1) };
  const scheduled = { maintenanceWindowStartTime: iso(12), maintenanceWindowEndTime: iso(14) };
  switch (profile) {
    case 'selfServiceOpen':
      return { isCustomerInitiatedMaintenanceAllowed: true, ...openWindow, ...scheduled, lastOperationResultCode: 'None' };
    case 'scheduledOnly':
      return { isCustomerInitiatedMaintenanceAllowed: false, ...pastWindow, ...scheduled, lastOperationResultCode: 'None' };
    // The last-result messages are ours: no recorded lastOperationMessage was found.
    case 'completed':
      return { isCustomerInitiatedMaintenanceAllowed: false, ...openWindow, ...scheduled, lastOperationResultCode: 'MaintenanceCompleted', lastOperationMessage: 'Maintenance completed successfully.' };
    case 'retryLater':
      return { isCustomerInitiatedMaintenanceAllowed: false, ...openWindow, ...scheduled, lastOperationResultCode: 'RetryLater', lastOperationMessage: 'Maintenance could not be started now. Please retry later.' };
    case 'aborted':
      return { isCustomerInitiatedMaintenanceAllowed: false, ...pastWindow, ...scheduled, lastOperationResultCode: 'MaintenanceAborted', lastOperationMessage: 'Maintenance was aborted.' };
  }
}

/** The status an instance starts with: its own, a profile, or the `maintenanceEligible` shorthand. */
export function initialMaintenance(inst: FleetAzureInstance, ss: FleetScaleSet, now: number): FleetMaintenanceStatus | undefined {
  const given = inst.maintenance;
  if (typeof given === 'string') return maintenanceProfile(given, now);
  if (given) return structuredClone(given);
  return (inst.maintenanceEligible ?? ss.maintenanceEligible) === true ? maintenanceProfile('selfServiceOpen', now) : undefined;
}
