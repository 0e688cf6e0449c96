import * as vscode from 'vscode';
import type { IconSpec } from './presentation';

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
