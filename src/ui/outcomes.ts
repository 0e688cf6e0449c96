/** What the user is told when an operation ends. No 'vscode' import. */
import type { OperationRecord } from '../fleet/model';
import { l10n } from './l10n';
import { operationTargetsLabel } from './tree/presentation';

export type OutcomeSeverity = 'info' | 'warning' | 'error';

export interface OutcomeMessage { severity: OutcomeSeverity; message: string; showError: boolean }

/** A DryRun changes nothing in the cloud, so its nodes are not shown as changing. */
export function changesCloudState(record: Pick<OperationRecord, 'options'>): boolean {
  return record.options.dryRun !== true;
}

/**
 * The label of the target an event names. ARM resource ids are case-insensitive and the
 * cloud may answer in another casing than the tree used, so the match ignores case.
 */
export function targetLabelFor(record: Pick<OperationRecord, 'targets'>, targetId: string): string {
  const wanted = targetId.toLowerCase();
  return record.targets.find((t) => t.id.toLowerCase() === wanted)?.label ?? targetId;
}

export function progressTitle(record: Pick<OperationRecord, 'kind' | 'targets' | 'options'>): string {
  const targets = operationTargetsLabel(record);
  switch (record.kind) {
    case 'azure.powerOff': return l10n.t('Powering off {0}', targets);
    case 'azure.deallocate': return record.options.hibernate === true ? l10n.t('Hibernating and deallocating {0}', targets) : l10n.t('Deallocating {0}', targets);
    case 'azure.performMaintenance': return l10n.t('Performing maintenance on {0}', targets);
    case 'volcengine.stopInstance': return record.options.dryRun === true ? l10n.t('Checking whether {0} can be stopped', targets) : l10n.t('Stopping {0}', targets);
  }
}

function succeededText(record: OperationRecord): string {
  const targets = operationTargetsLabel(record);
  switch (record.kind) {
    case 'azure.powerOff': return l10n.t('Powered off {0}.', targets);
    case 'azure.deallocate': return l10n.t('Deallocated {0}.', targets);
    case 'azure.performMaintenance': return l10n.t('Maintenance done on {0}.', targets);
    case 'volcengine.stopInstance': return l10n.t('Stopped {0}.', targets);
  }
}

export function outcomeMessage(record: OperationRecord): OutcomeMessage {
  const targets = operationTargetsLabel(record);
  const results = Object.values(record.results);
  const failed = results.filter((r) => r.status === 'failed').length;
  const succeeded = results.filter((r) => r.status === 'succeeded' || r.status === 'checked').length;
  switch (record.status) {
    case 'succeeded': return { severity: 'info', message: succeededText(record), showError: false };
    case 'checked': return { severity: 'info', message: l10n.t('Checks passed for {0} — nothing was stopped.', targets), showError: false };
    case 'partial': return { severity: 'warning', message: l10n.t('{0}: {1} succeeded, {2} failed. Each instance\'s outcome is in the output.', targets, succeeded, failed), showError: false };
    case 'canceled': return { severity: 'warning', message: l10n.t('The cloud canceled the operation on {0}. The instances have been re-read.', targets), showError: false };
    case 'unknown': return { severity: 'warning', message: l10n.t('The outcome for {0} is unknown (the answer was lost). The instances are re-read; check their state before trying again.', targets), showError: false };
    case 'failed': return { severity: 'error', message: '', showError: true };
    case 'running': return { severity: 'info', message: l10n.t('{0} is still in progress and is tracked in Recent Operations.', targets), showError: false };
  }
}

export const WAIT_CANCELED_MESSAGE = (): string => l10n.t('Stopped waiting. The cloud operation continues and is still tracked in Recent Operations and the status bar.');
