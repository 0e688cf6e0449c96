import * as vscode from 'vscode';
import type { OperationRecord } from '../../fleet/model';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import { operationKindLabel, operationTargetsLabel } from '../operationLabels';

/**
 * Check again on a Recent Operations entry that was stopped at the deadline: follows the
 * operation again from its journal (the cloud is asked where it stands; nothing is sent again).
 */
export function operationsCheckAgain(ctx: FleetContext, node?: unknown): void {
  const id = typeof node === 'string' ? node : (node as Partial<OperationRecord> | undefined)?.id;
  const started = id ? ctx.engine.checkAgain(id) : undefined;
  if (!started) {
    void vscode.window.showInformationMessage(l10n.t('This operation is not waiting to be checked again.'));
    return;
  }
  const { record } = started;
  ctx.output.log('info', l10n.t('[{0}] Checking again: {1} {2}', record.id, operationKindLabel(record.kind), operationTargetsLabel(record)));
  ctx.runner.track(record);
}
