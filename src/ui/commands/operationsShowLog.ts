import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import type { OperationRecord } from '../../fleet/model';
import { formatRecordLog } from '../outputFormat';

/** Opens one operation's full log (every event, every target's result) in an editor. */
export async function operationsShowLog(ctx: FleetContext, node?: unknown): Promise<void> {
  const id = typeof node === 'string' ? node : (node as Partial<OperationRecord> | undefined)?.id;
  const record = id ? ctx.engine.get(id) : undefined;
  if (!record) return;
  const document = await vscode.workspace.openTextDocument({ content: ctx.mask.mask(formatRecordLog(record)), language: 'log' });
  await vscode.window.showTextDocument(document, { preview: true });
}
