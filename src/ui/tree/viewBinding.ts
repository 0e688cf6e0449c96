/**
 * Connects a tree to its VS Code view: the title-bar description, the view's own progress bar
 * for refreshes (lesson 8), what is expanded, and when automatic refresh may run (the view is
 * visible and the window focused).
 */
import * as vscode from 'vscode';
import type { AutoRefresher } from './autoRefresh';

export interface BoundTree<N> {
  readonly refresher: AutoRefresher;
  expanded(node: N, expanded: boolean): void;
  describeView: (description: string | undefined) => void;
  withViewProgress: (work: () => Promise<void>) => Promise<void>;
}

export function bindTreeView<N>(viewId: string, view: vscode.TreeView<N>, tree: BoundTree<N>): vscode.Disposable {
  tree.describeView = (description) => { view.description = description; };
  tree.withViewProgress = async (work) => { await vscode.window.withProgress({ location: { viewId } }, work); };
  tree.refresher.setFocused(vscode.window.state.focused);
  tree.refresher.setVisible(view.visible);
  return vscode.Disposable.from(
    view.onDidChangeVisibility((event) => tree.refresher.setVisible(event.visible)),
    vscode.window.onDidChangeWindowState((state) => tree.refresher.setFocused(state.focused)),
    view.onDidExpandElement((event) => tree.expanded(event.element, true)),
    view.onDidCollapseElement((event) => tree.expanded(event.element, false)),
  );
}
