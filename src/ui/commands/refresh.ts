/**
 * Three refreshes, because VS Code hands a view-title command the *focused* row
 * (../shared/reference/vscode-tree-views.md §1; lesson 20):
 *  - the palette "Fleet Power: Refresh": every view, whatever it is given;
 *  - a view's title-bar Refresh: that whole view, ignoring the row that happens to have focus;
 *  - a row's inline Refresh: that row's lists (an error row retries what failed).
 * Each re-reads in place; a view never runs two refreshes at once (AutoRefresher).
 */
import type { CloudId } from '../../fleet/model';
import { eachCloud } from '../clouds/cloudUi';
import type { FleetContext } from '../context';
import { ErrorNode } from '../tree/errorNode';
import type { CommandHandler } from './wrapper';

export function refresh(ctx: FleetContext): void {
  for (const cloud of eachCloud(ctx.clouds)) cloud.tree.refresh();
  ctx.operations.tree.refresh();
}

export function refreshView(cloud: CloudId): CommandHandler {
  // The arguments (the focused row, the selection) are deliberately not read.
  return (ctx: FleetContext) => { ctx.clouds[cloud].tree.refresh(); };
}

export function refreshNode(ctx: FleetContext, node?: unknown): void {
  if (node instanceof ErrorNode) {
    node.retry();
    return;
  }
  // From a keybinding or a stale handle there may be no node: then nothing is refreshed rather than everything.
  for (const cloud of eachCloud(ctx.clouds)) if (cloud.tree.refreshNode(node)) return;
}
