import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import { EcsInstanceNode } from '../tree/volcengineTree';

export async function volcengineCopyInstanceId(_ctx: FleetContext, node?: unknown): Promise<void> {
  if (!(node instanceof EcsInstanceNode)) return;
  await vscode.env.clipboard.writeText(node.data.instanceId);
  void vscode.window.setStatusBarMessage(l10n.t('Copied {0}', node.data.instanceId), 3000);
}
