/**
 * maintenanceRedeployStatus (VirtualMachineScaleSetVMInstanceView and VirtualMachineInstanceView,
 * both deserialized by @azure/arm-compute 25 with the four times as Date) to the fleet's
 * MaintenanceStatus. The SDK checks no types, so a time that is not a date, a flag that is not
 * a boolean or a code outside the spec's enum is dropped rather than trusted.
 */
import type { MaintenanceRedeployStatus } from '@azure/arm-compute';
import type { MaintenanceResultCode, MaintenanceStatus, MaintenanceWindow } from '../../fleet/maintenance';

const RESULT_CODES: readonly MaintenanceResultCode[] = ['None', 'RetryLater', 'MaintenanceAborted', 'MaintenanceCompleted'];

function epochOf(value: unknown): number | undefined {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isFinite(time) ? time : undefined;
}

function windowOf(start: unknown, end: unknown): MaintenanceWindow | undefined {
  const window: MaintenanceWindow = {};
  const from = epochOf(start);
  const to = epochOf(end);
  if (from !== undefined) window.start = from;
  if (to !== undefined) window.end = to;
  return from === undefined && to === undefined ? undefined : window;
}

export function maintenanceFromSdk(status: MaintenanceRedeployStatus | undefined): MaintenanceStatus | undefined {
  if (typeof status !== 'object' || status === null) return undefined;
  const out: MaintenanceStatus = { customerMayStart: status.isCustomerInitiatedMaintenanceAllowed === true };
  const selfService = windowOf(status.preMaintenanceWindowStartTime, status.preMaintenanceWindowEndTime);
  if (selfService) out.selfServiceWindow = selfService;
  const scheduled = windowOf(status.maintenanceWindowStartTime, status.maintenanceWindowEndTime);
  if (scheduled) out.scheduledWindow = scheduled;
  const code = RESULT_CODES.find((known) => known.toLowerCase() === String(status.lastOperationResultCode ?? '').toLowerCase());
  if (code) out.lastResult = code;
  if (typeof status.lastOperationMessage === 'string' && status.lastOperationMessage.trim()) out.lastMessage = status.lastOperationMessage.trim();
  return out;
}
