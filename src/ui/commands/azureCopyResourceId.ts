import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import { InstanceNode, ScaleSetNode, SubscriptionNode } from '../tree/azureNodes';

export async function azureCopyResourceId(_ctx: FleetContext, node?: unknown): Promise<void> {
  if (!(node instanceof SubscriptionNode || node instanceof ScaleSetNode || node instanceof InstanceNode)) return;
  await vscode.env.clipboard.writeText(node.id);
  void vscode.window.setStatusBarMessage(l10n.t('Copied {0}', node.id), 3000);
}
