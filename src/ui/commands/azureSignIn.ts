import * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';

/** Signs in with the configured method; for the CLI and environment methods, says what to do. */
export async function azureSignIn(ctx: FleetContext): Promise<void> {
  const method = ctx.settings().azure.authentication;
  if (method === 'azureCli') {
    const openTerminal = l10n.t('Open Terminal');
    void vscode.window.showInformationMessage(l10n.t('Fleet Power uses the Azure CLI\'s account. Run "az login" in a terminal, then refresh the view.'), openTerminal).then((choice) => {
      if (choice === openTerminal) vscode.window.createTerminal({ name: 'Azure CLI' }).show();
    });
    ctx.azure.tree.refresh();
    return;
  }
  if (method === 'environment') {
    void vscode.window.showInformationMessage(l10n.t('Fleet Power uses a service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH). Set them before starting VS Code.'));
    ctx.azure.tree.refresh();
    return;
  }
  // auto and vscode: ask VS Code for a Microsoft account session (interactive).
  try {
    await ctx.azure.session.getClient(true);
  } catch {
    if (method === 'auto') {
      // No VS Code session: the Azure CLI is the fallback.
      ctx.azure.session.invalidate();
    } else {
      void vscode.window.showWarningMessage(l10n.t('Signing in with a VS Code Microsoft account did not complete.'));
    }
  }
  ctx.azure.drivers.reset();
  ctx.azure.tree.refresh();
  const source = ctx.azure.session.source;
  if (source) ctx.output.log('info', l10n.t('Azure: signed in with {0}.', source));
}
