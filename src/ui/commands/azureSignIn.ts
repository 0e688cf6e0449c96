import * as vscode from 'vscode';
import { signInWithVsCodeAccount } from '../auth/azureAuth';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';

function explainAzureCli(ctx: FleetContext): void {
  const openTerminal = l10n.t('Open Terminal');
  void vscode.window.showInformationMessage(l10n.t('Fleet Power uses the Azure CLI\'s account. Run "az login" in a terminal, then refresh the view.'), openTerminal).then((choice) => {
    if (choice === openTerminal) vscode.window.createTerminal({ name: 'Azure CLI' }).show();
  });
  ctx.clouds.azure.tree.refresh();
}

async function signInWithAccount(ctx: FleetContext): Promise<void> {
  const account = await signInWithVsCodeAccount(ctx.clouds.azure.session.endpoint());
  if (!account) {
    void vscode.window.showWarningMessage(l10n.t('Signing in with a VS Code Microsoft account did not complete.'));
    return;
  }
  ctx.output.log('info', l10n.t('Azure: signed in with {0}.', account));
  ctx.clouds.azure.tree.refresh();
}

/** Signs in with the configured method; for the CLI and environment methods, says what to do. */
export async function azureSignIn(ctx: FleetContext): Promise<void> {
  switch (ctx.settings().azure.authentication) {
    case 'vscode':
      await signInWithAccount(ctx);
      return;
    case 'azureCli':
      explainAzureCli(ctx);
      return;
    case 'environment':
      void vscode.window.showInformationMessage(l10n.t('Fleet Power uses a service principal from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH). Set them before starting VS Code.'));
      ctx.clouds.azure.tree.refresh();
      return;
    case 'auto': {
      // auto uses a VS Code account session when one exists, else the Azure CLI: let the user choose which to set up.
      const choice = await ctx.prompter.pickOne<'vscode' | 'azureCli'>({
        title: l10n.t('Sign In to Azure'),
        placeholder: l10n.t('How do you want to sign in?'),
        items: [
          { label: l10n.t('Microsoft account in VS Code'), detail: l10n.t('Sign in through the VS Code Accounts menu.'), value: 'vscode' },
          { label: l10n.t('Azure CLI'), detail: l10n.t('Use the account of "az login".'), value: 'azureCli' },
        ],
      });
      if (choice === 'vscode') await signInWithAccount(ctx);
      else if (choice === 'azureCli') explainAzureCli(ctx);
    }
  }
}
