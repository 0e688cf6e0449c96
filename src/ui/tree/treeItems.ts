import * as vscode from 'vscode';
import { CommandIds } from '../commands/ids';
import { l10n } from '../l10n';
import type { ErrorNode } from './errorNode';
import type { NoticeNode } from './noticeNode';
import { ERROR_CONTEXT_VALUE, type IconSpec, type Presented } from './presentation';

function themeIcon(spec: IconSpec): vscode.ThemeIcon {
  return new vscode.ThemeIcon(spec.id, spec.color ? new vscode.ThemeColor(spec.color) : undefined);
}

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
export function errorItem(node: ErrorNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = ERROR_CONTEXT_VALUE;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  item.tooltip = node.detail ?? node.message;
  item.description = l10n.t('Retry');
  item.command = { title: l10n.t('Retry'), command: CommandIds.retry, arguments: [node] };
  return item;
}

const NOTICE_ICONS: Record<NoticeNode['notice'], vscode.ThemeIcon> = {
  loading: new vscode.ThemeIcon('loading~spin'),
  waiting: new vscode.ThemeIcon('watch'),
  info: new vscode.ThemeIcon('info'),
  filtered: new vscode.ThemeIcon('filter'),
};

/** A line that is not a resource ("Loading…", why a subscription is empty): no menu, no command. */
export function noticeItem(node: NoticeNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = 'fleetPowerNotice';
  item.iconPath = NOTICE_ICONS[node.notice];
  item.tooltip = node.tooltip ?? node.message;
  return item;
}
