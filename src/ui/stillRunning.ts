/** How an operation Fleet Power stopped waiting for at the deadline is shown and told. No 'vscode' import. */
import { canCheckAgain } from '../fleet/deadline';
import type { OperationRecord } from '../fleet/model';
import { l10n } from './l10n';
import { operationStatusLabel, operationTargetsLabel } from './operationLabels';

/** The status words of a record in Recent Operations. */
export function recordStatusText(record: OperationRecord): string {
  return canCheckAgain(record) ? l10n.t('still running in the cloud — Fleet Power stopped waiting') : operationStatusLabel(record.status);
}

/** The notification when the deadline passed (undefined for any other outcome). */
export function stillRunningOutcome(record: OperationRecord): string | undefined {
  if (!canCheckAgain(record)) return undefined;
  return l10n.t('{0} is still running in the cloud — Fleet Power stopped waiting. Nothing was canceled; use Check again on its Recent Operations entry to look again.', operationTargetsLabel(record));
}
