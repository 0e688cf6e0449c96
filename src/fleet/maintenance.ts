/**
 * Planned platform maintenance on an Azure VM, as the instance view's maintenanceRedeployStatus
 * reports it (absent when nothing is planned), and the one rule for whether self-service
 * maintenance may be started on a VM now. Menus, palette pickers and flows all ask
 * maintenanceEligibility; the tree's marker asks maintenancePhase.
 * Facts: ../shared/reference/azure-start-restart-maintenance.md §5.
 */
import type { AzurePowerState, ScaleSetInstance } from './model';

/** lastOperationResultCode (a closed enum in the spec: modelAsString false). */
export type MaintenanceResultCode = 'None' | 'RetryLater' | 'MaintenanceAborted' | 'MaintenanceCompleted';

/** Epoch milliseconds; either end may be missing from what Azure sent. */
export interface MaintenanceWindow {
  start?: number;
  end?: number;
}

export interface MaintenanceStatus {
  /** isCustomerInitiatedMaintenanceAllowed: Azure accepts Perform Maintenance on this VM now. */
  customerMayStart: boolean;
  /** preMaintenanceWindowStart/EndTime: when the owner may start the maintenance. */
  selfServiceWindow?: MaintenanceWindow;
  /** maintenanceWindowStart/EndTime: when Azure starts it by itself. */
  scheduledWindow?: MaintenanceWindow;
  lastResult?: MaintenanceResultCode;
  lastMessage?: string;
}

/** Where a VM's maintenance stands, for its marker. */
export type MaintenancePhase =
  /** The owner may start it now (until `until`, when Azure sent the window's end). */
  | { kind: 'selfServiceOpen'; until?: number }
  /** Not yet: the self-service window opens at `from`. */
  | { kind: 'selfServiceAhead'; from: number }
  | { kind: 'lastResult'; result: Exclude<MaintenanceResultCode, 'None'> }
  /** Only Azure's own window is left. */
  | { kind: 'scheduled'; window: MaintenanceWindow }
  /** Nothing planned, or every window in the status has passed. */
  | { kind: 'none' };

const ended = (window: MaintenanceWindow | undefined, now: number): boolean => window?.end !== undefined && window.end <= now;

export function maintenancePhase(status: MaintenanceStatus | undefined, now: number): MaintenancePhase {
  if (!status) return { kind: 'none' };
  const selfService = status.selfServiceWindow;
  if (status.customerMayStart && !ended(selfService, now)) {
    return selfService?.end !== undefined ? { kind: 'selfServiceOpen', until: selfService.end } : { kind: 'selfServiceOpen' };
  }
  if (status.lastResult && status.lastResult !== 'None') return { kind: 'lastResult', result: status.lastResult };
  if (selfService?.start !== undefined && selfService.start > now) return { kind: 'selfServiceAhead', from: selfService.start };
  const scheduled = status.scheduledWindow;
  if (scheduled && (scheduled.start !== undefined || scheduled.end !== undefined) && !ended(scheduled, now)) return { kind: 'scheduled', window: scheduled };
  return { kind: 'none' };
}

/** Why Perform Maintenance is not offered on a VM. */
export type MaintenanceBlocker =
  /** No maintenanceRedeployStatus: no maintenance is planned for it. */
  | 'nothingPlanned'
  /** Maintenance is planned but Azure does not let the owner start it now. */
  | 'notOffered'
  /** The self-service window ended after the status was read. */
  | 'windowClosed'
  /** Its power state is changing (another operation is in progress) or unknown. */
  | 'busy';

export type MaintenanceEligibility = { eligible: true } | { eligible: false; blocker: MaintenanceBlocker };

/** Power states a VM can take Perform Maintenance in: any settled one. */
const SETTLED_STATES: readonly AzurePowerState[] = ['running', 'stopped', 'deallocated', 'hibernated'];

/**
 * The one eligibility rule: Azure allows customer-initiated maintenance on the VM
 * (isCustomerInitiatedMaintenanceAllowed), its self-service window has not ended since the
 * status was read, and its state is settled.
 */
export function maintenanceEligibility(instance: Pick<ScaleSetInstance, 'powerState' | 'maintenance'>, now: number): MaintenanceEligibility {
  const status = instance.maintenance;
  if (!status) return { eligible: false, blocker: 'nothingPlanned' };
  if (!status.customerMayStart) return { eligible: false, blocker: 'notOffered' };
  if (ended(status.selfServiceWindow, now)) return { eligible: false, blocker: 'windowClosed' };
  if (!SETTLED_STATES.includes(instance.powerState)) return { eligible: false, blocker: 'busy' };
  return { eligible: true };
}
