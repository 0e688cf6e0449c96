/** The tree item of a tenant node: its look, and a click that signs in to it. */
import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { l10n } from '../l10n';
import { presentedItem } from './treeItems';
import { type TenantNode, tenantPresentation } from './tenantNodes';

export function tenantItem(node: TenantNode): vscode.TreeItem {
  const item = presentedItem(node.id, tenantPresentation(node.listing), vscode.TreeItemCollapsibleState.None);
  if (node.listing.status === 'signInRequired') {
    item.command = { title: l10n.t('Sign In to Tenant…'), command: CommandIds.azureSignInToTenant, arguments: [node] };
  }
  return item;
}
