/** What the user is told while an operation runs and when it ends. No 'vscode' import. */
import type { OperationRecord, OperationRequest } from '../fleet/model';
import { targetFailed, targetSucceeded } from '../fleet/status';
import { l10n } from './l10n';
import { operationTargetsLabel } from './operationLabels';
import { stillRunningOutcome } from './stillRunning';

export type OutcomeSeverity = 'info' | 'warning' | 'error';

export interface OutcomeMessage { severity: OutcomeSeverity; message: string; showError: boolean }

export function progressTitle(request: OperationRequest): string {
  const targets = operationTargetsLabel(request);
  switch (request.kind) {
    case 'azure.powerOff': return l10n.t('Powering off {0}', targets);
    case 'azure.deallocate': return request.options.hibernate ? l10n.t('Hibernating and deallocating {0}', targets) : l10n.t('Deallocating {0}', targets);
    case 'azure.performMaintenance': return l10n.t('Performing maintenance on {0}', targets);
    case 'azure.start': return l10n.t('Starting {0}', targets);
    case 'azure.restart': return l10n.t('Restarting {0}', targets);
    case 'volcengine.stopInstance': return request.options.dryRun ? l10n.t('Checking whether {0} can be stopped', targets) : l10n.t('Stopping {0}', targets);
    case 'volcengine.startInstance': return request.options.dryRun ? l10n.t('Checking whether {0} can be started', targets) : l10n.t('Starting {0}', targets);
    case 'volcengine.rebootInstance': return l10n.t('Rebooting {0}', targets);
  }
}

function succeededText(record: OperationRecord): string {
  const targets = operationTargetsLabel(record);
  switch (record.kind) {
    case 'azure.powerOff': return l10n.t('Powered off {0}.', targets);
    case 'azure.deallocate': return l10n.t('Deallocated {0}.', targets);
    case 'azure.performMaintenance': return l10n.t('Maintenance done on {0}.', targets);
    case 'azure.start': return l10n.t('Started {0}.', targets);
    case 'azure.restart': return l10n.t('Restarted {0}.', targets);
    case 'volcengine.stopInstance': return l10n.t('Stopped {0}.', targets);
    case 'volcengine.startInstance': return l10n.t('Started {0}.', targets);
    case 'volcengine.rebootInstance': return l10n.t('Rebooted {0}.', targets);
  }
}

/** Only the DryRun checks end 'checked'; each says what it did not do. */
function checkedText(record: OperationRecord): string {
  const targets = operationTargetsLabel(record);
  return record.kind === 'volcengine.startInstance'
    ? l10n.t('Checks passed for {0} — nothing was started.', targets)
    : l10n.t('Checks passed for {0} — nothing was stopped.', targets);
}

export function outcomeMessage(record: OperationRecord): OutcomeMessage {
  const targets = operationTargetsLabel(record);
  const results = Object.values(record.results);
  const failed = results.filter((r) => targetFailed(r.status)).length;
  const succeeded = results.filter((r) => targetSucceeded(r.status)).length;
  switch (record.status) {
    case 'succeeded': return { severity: 'info', message: succeededText(record), showError: false };
    case 'checked': return { severity: 'info', message: checkedText(record), showError: false };
    case 'partial': return { severity: 'warning', message: l10n.t('{0}: {1} succeeded, {2} failed. Each instance\'s outcome is in the output.', targets, succeeded, failed), showError: false };
    case 'canceled': return { severity: 'warning', message: l10n.t('The cloud canceled the operation on {0}. The instances have been re-read.', targets), showError: false };
    case 'unknown': return { severity: 'warning', message: stillRunningOutcome(record) ?? l10n.t('The outcome for {0} is unknown (the answer was lost). The instances are re-read; check their state before trying again.', targets), showError: false };
    case 'failed': return { severity: 'error', message: '', showError: true };
    case 'running': return { severity: 'info', message: l10n.t('{0} is still in progress and is tracked in Recent Operations.', targets), showError: false };
  }
}

export function waitCanceledMessage(): string {
  return l10n.t('Stopped waiting. The cloud operation continues and is still tracked in Recent Operations and the status bar.');
}
