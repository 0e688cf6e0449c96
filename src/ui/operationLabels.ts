/**
 * Operations in words, for the trees, the notifications, the status bar and the output:
 * kind, status, targets, options, durations. No 'vscode' import.
 */
import type { EventParameters, OperationKind, OperationRecord, OperationRequest, OperationStatus, TargetStatus } from '../fleet/model';
import { l10n } from './l10n';
import { targetKey } from './targets';

export function operationKindLabel(kind: OperationKind): string {
  switch (kind) {
    case 'azure.powerOff': return l10n.t('Power off');
    case 'azure.deallocate': return l10n.t('Deallocate');
    case 'azure.performMaintenance': return l10n.t('Perform maintenance');
    case 'azure.start': return l10n.t('Start');
    case 'azure.restart': return l10n.t('Restart');
    case 'volcengine.stopInstance': return l10n.t('Stop');
    case 'volcengine.startInstance': return l10n.t('Start');
    case 'volcengine.rebootInstance': return l10n.t('Reboot');
  }
}

/** Shown on a node while an operation on it is in flight. */
export function pendingDescription(kind: OperationKind): string {
  switch (kind) {
    case 'azure.powerOff': return l10n.t('Powering off…');
    case 'azure.deallocate': return l10n.t('Deallocating…');
    case 'azure.performMaintenance': return l10n.t('Maintenance in progress…');
    case 'azure.start': return l10n.t('Starting…');
    case 'azure.restart': return l10n.t('Restarting…');
    case 'volcengine.stopInstance': return l10n.t('Stopping…');
    case 'volcengine.startInstance': return l10n.t('Starting…');
    case 'volcengine.rebootInstance': return l10n.t('Rebooting…');
  }
}

export function operationStatusLabel(status: OperationStatus): string {
  switch (status) {
    case 'running': return l10n.t('in progress');
    case 'succeeded': return l10n.t('succeeded');
    case 'failed': return l10n.t('failed');
    case 'partial': return l10n.t('partly failed');
    case 'canceled': return l10n.t('canceled by the cloud');
    case 'checked': return l10n.t('checks passed, nothing changed');
    case 'unknown': return l10n.t('outcome unknown');
  }
}

export function targetStatusLabel(status: TargetStatus): string {
  switch (status) {
    case 'pending': return l10n.t('pending');
    case 'succeeded': return l10n.t('succeeded');
    case 'failed': return l10n.t('failed');
    case 'canceled': return l10n.t('canceled by the cloud');
    case 'notSent': return l10n.t('not sent');
    case 'checked': return l10n.t('checks passed');
    case 'unknown': return l10n.t('outcome unknown');
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return l10n.t('{0}s', seconds);
  const minutes = Math.floor(seconds / 60);
  return l10n.t('{0}m {1}s', minutes, seconds % 60);
}

/**
 * An operation's options (or a request event's parameters) as `key=value, …`. The ClientToken
 * is logged in the output but kept out of the tree (it is long and not useful there).
 */
export function formatOptions(options: OperationRequest['options'] | EventParameters, includeClientToken = false): string {
  const entries: Array<[string, unknown]> = Object.entries(options);
  return entries
    .filter(([key]) => includeClientToken || key !== 'clientToken')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

export function operationTargetsLabel(record: Pick<OperationRecord, 'targets'>): string {
  const first = record.targets[0];
  if (!first) return l10n.t('no targets');
  return record.targets.length === 1 ? first.label : l10n.t('{0} and {1} more', first.label, record.targets.length - 1);
}

/**
 * The short name of the target an event names ("vmss-web/3" rather than the resource id).
 * The cloud may answer in another casing than the tree used, so ids match by the cloud's target key.
 */
export function targetLabelFor(record: Pick<OperationRecord, 'cloud' | 'targets'>, targetId: string): string {
  const wanted = targetKey(record.cloud, targetId);
  return record.targets.find((t) => targetKey(record.cloud, t.id) === wanted)?.label ?? targetId;
}
