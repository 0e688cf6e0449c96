/**
 * How planned maintenance shows in the tree: the marker beside an instance's power state, the
 * tooltip lines with both windows in the user's local time, and the scale set's "2 need
 * maintenance". Times are formatted for the display language; `timeZone` exists for tests
 * (the extension uses the machine's). No 'vscode' import.
 */
import {
  type MaintenanceBlocker, type MaintenanceResultCode, type MaintenanceStatus, type MaintenanceWindow,
  maintenanceEligibility, maintenancePhase,
} from '../../fleet/maintenance';
import type { ScaleSetInstance } from '../../fleet/model';
import { l10n } from '../l10n';

export interface MaintenanceClock {
  now: number;
  /** IANA zone for the dates; the machine's own when absent. */
  timeZone?: string;
}

function dateFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined): Intl.DateTimeFormat {
  const withZone = timeZone ? { ...options, timeZone } : options;
  try {
    return new Intl.DateTimeFormat(l10n.locale(), withZone);
  } catch {
    // A display language Intl does not know: English dates rather than none.
    return new Intl.DateTimeFormat('en', withZone);
  }
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const MOMENT: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' };

/** "12 Dec" / "Dec 12" / "12月12日", as the display language writes it. */
function day(ms: number, clock: MaintenanceClock): string {
  return dateFormat(DAY, clock.timeZone).format(ms);
}

/**
 * Both ends written out and joined by the bundle's range pattern: ICU's own range formats
 * switch Chinese to "12/13 – 12/15", unlike the single dates beside them.
 */
function range(format: Intl.DateTimeFormat, start: number, end: number): string {
  return l10n.t('{0} – {1}', format.format(start), format.format(end));
}

function dayRange(window: MaintenanceWindow, clock: MaintenanceClock): string | undefined {
  const { start, end } = window;
  if (start !== undefined && end !== undefined) return range(dateFormat(DAY, clock.timeZone), start, end);
  return undefined;
}

function momentRange(window: MaintenanceWindow, clock: MaintenanceClock): string {
  const format = dateFormat(MOMENT, clock.timeZone);
  const { start, end } = window;
  if (start !== undefined && end !== undefined) return range(format, start, end);
  if (start !== undefined) return l10n.t('from {0}', format.format(start));
  return l10n.t('until {0}', format.format(end ?? 0));
}

export function maintenanceResultLabel(code: MaintenanceResultCode): string {
  switch (code) {
    case 'None': return l10n.t('none');
    case 'RetryLater': return l10n.t('retry later');
    case 'MaintenanceAborted': return l10n.t('aborted');
    case 'MaintenanceCompleted': return l10n.t('completed');
  }
}

function resultMarker(result: Exclude<MaintenanceResultCode, 'None'>): string {
  switch (result) {
    case 'MaintenanceCompleted': return l10n.t('maintenance completed');
    case 'MaintenanceAborted': return l10n.t('maintenance aborted');
    case 'RetryLater': return l10n.t('maintenance: retry later');
  }
}

/** The short marker shown beside the power state, or undefined when there is nothing to show. */
export function maintenanceMarker(status: MaintenanceStatus | undefined, clock: MaintenanceClock): string | undefined {
  const phase = maintenancePhase(status, clock.now);
  switch (phase.kind) {
    case 'selfServiceOpen':
      return phase.until !== undefined
        ? l10n.t('maintenance pending: you can start it until {0}', day(phase.until, clock))
        : l10n.t('maintenance pending: you can start it now');
    case 'selfServiceAhead':
      return l10n.t('maintenance planned: you can start it from {0}', day(phase.from, clock));
    case 'lastResult':
      return resultMarker(phase.result);
    case 'scheduled': {
      const range = dayRange(phase.window, clock);
      if (range) return l10n.t('Azure will start maintenance {0}', range);
      return phase.window.start !== undefined
        ? l10n.t('Azure will start maintenance from {0}', day(phase.window.start, clock))
        : l10n.t('Azure will start maintenance by {0}', day(phase.window.end ?? 0, clock));
    }
    case 'none':
      return undefined;
  }
}

function windowLine(label: string, window: MaintenanceWindow | undefined, clock: MaintenanceClock): string | undefined {
  if (!window) return undefined;
  const range = momentRange(window, clock);
  const past = window.end !== undefined && window.end <= clock.now;
  return past ? l10n.t('{0}: {1} (ended)', label, range) : l10n.t('{0}: {1}', label, range);
}

/** Tooltip lines: the marker, both windows in local time, whether Azure allows it now, the last result and message. */
export function maintenanceTooltip(status: MaintenanceStatus | undefined, clock: MaintenanceClock): string[] {
  if (!status) return [l10n.t('Maintenance: none planned')];
  const marker = maintenanceMarker(status, clock);
  const lines = [
    marker ? l10n.t('Maintenance: {0}', marker) : l10n.t('Maintenance: its windows have passed'),
    windowLine(l10n.t('Self-service window'), status.selfServiceWindow, clock),
    windowLine(l10n.t('Scheduled window (Azure starts it)'), status.scheduledWindow, clock),
    status.customerMayStart ? l10n.t('Self-service maintenance: allowed now') : l10n.t('Self-service maintenance: not allowed now'),
    status.lastResult && status.lastResult !== 'None' ? l10n.t('Last maintenance result: {0}', maintenanceResultLabel(status.lastResult)) : undefined,
    status.lastMessage ? l10n.t('Last maintenance message: {0}', status.lastMessage) : undefined,
  ];
  return lines.filter((line): line is string => line !== undefined);
}

/** Why an instance is left out of a maintenance, for the confirmation. */
export function maintenanceBlockerLabel(blocker: MaintenanceBlocker): string {
  switch (blocker) {
    case 'nothingPlanned': return l10n.t('no maintenance planned');
    case 'notOffered': return l10n.t('Azure does not offer self-service maintenance for it now');
    case 'windowClosed': return l10n.t('its self-service window has ended');
    case 'busy': return l10n.t('its state is changing');
  }
}

/** How many instances Perform Maintenance would act on now (the same rule the menus use). */
export function eligibleForMaintenance(instances: readonly ScaleSetInstance[], now: number): ScaleSetInstance[] {
  return instances.filter((instance) => maintenanceEligibility(instance, now).eligible);
}

/** "2 need maintenance" for a scale set, or undefined when none can take it now. */
export function maintenanceSummary(instances: readonly ScaleSetInstance[] | undefined, now: number): string | undefined {
  if (!instances) return undefined;
  const count = eligibleForMaintenance(instances, now).length;
  if (count === 0) return undefined;
  return count === 1 ? l10n.t('1 needs maintenance') : l10n.t('{0} need maintenance', count);
}
