/** How an operation looks in the Recent Operations view. No 'vscode' import. */
import type { OperationRecord, OperationStatus } from '../../fleet/model';
import { l10n } from '../l10n';
import { formatDuration, formatOptions, operationKindLabel, operationTargetsLabel } from '../operationLabels';
import type { IconSpec, Presented } from './presentation';
import { canCheckAgain } from '../../fleet/deadline';
import { recordStatusText } from '../stillRunning';

function operationStatusIcon(status: OperationStatus): IconSpec {
  switch (status) {
    case 'running': return { id: 'loading~spin' };
    case 'succeeded': return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed': return { id: 'error', color: 'testing.iconFailed' };
    case 'partial': return { id: 'warning', color: 'list.warningForeground' };
    case 'canceled': return { id: 'circle-slash', color: 'list.warningForeground' };
    case 'checked': return { id: 'check', color: 'testing.iconPassed' };
    case 'unknown': return { id: 'question', color: 'list.warningForeground' };
  }
}

export function operationPresentation(record: OperationRecord, now: number): Presented {
  const duration = formatDuration((record.endedAt ?? now) - record.startedAt);
  const options = formatOptions(record.options);
  return {
    label: l10n.t('{0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)),
    description: [recordStatusText(record), duration, ...(options ? [options] : [])].join(' · '),
    // canCheckAgain: stopped at the deadline, still followable (the Check again menu).
    contextValue: `fleetPowerOperation;status:${record.status}${canCheckAgain(record) ? ';canCheckAgain' : ''}`,
    icon: operationStatusIcon(record.status),
    tooltip: [
      l10n.t('{0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)),
      l10n.t('Status: {0}', recordStatusText(record)),
      l10n.t('Started: {0}', new Date(record.startedAt).toISOString()),
      l10n.t('Duration: {0}', duration),
      ...(options ? [l10n.t('Options: {0}', options)] : []),
      ...(record.error ? [l10n.t('Error: {0} — {1}', record.error.code, record.error.message)] : []),
      l10n.t('Targets: {0}', record.targets.map((t) => t.label).join(', ')),
    ].join('\n'),
  };
}
