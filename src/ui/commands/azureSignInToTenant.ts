/**
 * Sign In on a tenant that needs it (its tree node, or a pick from the palette): VS Code asks
 * for that tenant's session interactively (`VSCODE_TENANT:`); with the Azure CLI the user runs
 * `az login --tenant …`, which is put in a terminal ready to run; a service principal has no
 * other tenant to sign in to.
 */
import * as vscode from 'vscode';
import type { AzureTenant, TenantListing } from '../../cloud/azure/index';
import { signInToTenantWithVsCode } from '../auth/azureAuth';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import { TenantNode, tenantName } from '../tree/tenantNodes';

async function pickTenant(ctx: FleetContext): Promise<AzureTenant | undefined> {
  const client = await ctx.clouds.azure.session.getClient();
  const waiting = (await client.listDirectory()).tenants.filter((t: TenantListing) => t.status === 'signInRequired');
  if (waiting.length === 0) {
    void vscode.window.showInformationMessage(l10n.t('Every tenant of the account is signed in.'));
    return undefined;
  }
  return ctx.prompter.pickOne({
    title: l10n.t('Sign In to Tenant'),
    placeholder: l10n.t('Tenant (directory) to sign in to'),
    items: waiting.map(({ tenant }) => ({ label: tenantName(tenant), description: tenant.tenantId, value: tenant })),
  });
}

function explainAzureCli(ctx: FleetContext, tenant: AzureTenant): void {
  const command = `az login --tenant ${tenant.tenantId}`;
  const openTerminal = l10n.t('Open Terminal');
  ctx.output.log('info', l10n.t('Azure: sign in to {0} with: {1}', tenantName(tenant), command));
  void vscode.window.showInformationMessage(l10n.t('Fleet Power uses the Azure CLI\'s account. Run "{0}" in a terminal, then refresh the view.', command), openTerminal).then((choice) => {
    if (choice !== openTerminal) return;
    const terminal = vscode.window.createTerminal({ name: 'Azure CLI' });
    terminal.show();
    // Typed, not run: the user sees the command and presses Enter.
    terminal.sendText(command, false);
  });
}

export async function azureSignInToTenant(ctx: FleetContext, node?: unknown): Promise<void> {
  const tenant = node instanceof TenantNode ? node.listing.tenant : await pickTenant(ctx);
  if (!tenant) return;
  const session = ctx.clouds.azure.session;
  if (!session.method) await session.getClient();
  switch (session.method) {
    case 'azureCli':
      explainAzureCli(ctx, tenant);
      return;
    case 'environment':
      void vscode.window.showInformationMessage(l10n.t('A service principal signs in to its own tenant only (AZURE_TENANT_ID). To reach {0}, use a service principal of that tenant.', tenantName(tenant)));
      return;
    default: {
      const account = await signInToTenantWithVsCode(session.endpoint(), tenant.tenantId);
      if (!account) {
        void vscode.window.showWarningMessage(l10n.t('Signing in to {0} did not complete.', tenantName(tenant)));
        return;
      }
      ctx.output.log('info', l10n.t('Azure: signed in to {0} with {1}.', tenantName(tenant), account));
      ctx.clouds.azure.tree.refresh();
    }
  }
}
