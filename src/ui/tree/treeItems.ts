import * as vscode from 'vscode';
import { l10n } from '../l10n';
import { ERROR_CONTEXT_VALUE, type IconSpec } from './presentation';

export function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

export interface Presented { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string }

export function presentedItem(id: string, presented: Presented, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const item = new vscode.TreeItem(presented.label, collapsible);
  item.id = id;
  item.description = presented.description;
  item.contextValue = presented.contextValue;
  item.iconPath = themeIcon(presented.icon);
  item.tooltip = presented.tooltip;
  return item;
}

/** A node that failed to load: says what happened and retries when clicked. */
export function errorItem(node: { id: string; message: string; detail?: string }): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = ERROR_CONTEXT_VALUE;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  item.tooltip = node.detail ?? node.message;
  item.description = l10n.t('Retry');
  item.command = { title: l10n.t('Retry'), command: 'fleetPower.retry', arguments: [node] };
  return item;
}
