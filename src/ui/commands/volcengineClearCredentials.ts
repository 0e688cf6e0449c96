import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';

export async function volcengineClearCredentials(ctx: FleetContext): Promise<void> {
  await ctx.clouds.volcengine.session.clearCredentials();
  ctx.clouds.volcengine.drivers.reset();
  ctx.clouds.volcengine.tree.refresh();
  ctx.output.log('info', l10n.t('Volcengine: access keys removed from secret storage.'));
  void vscode.window.showInformationMessage(l10n.t('Volcengine access keys removed from secret storage. Keys from environment variables or the ve CLI profile are still used if present.'));
}
