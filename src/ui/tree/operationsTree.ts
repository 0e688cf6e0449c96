/** The "Recent Operations" view: one item per operation, newest first; an item opens its full log. */
import * as vscode from 'vscode';
import type { OperationEngine } from '../../fleet/engine';
import type { OperationRecord } from '../../fleet/model';
import { CommandIds } from '../commands/ids';
import { l10n } from '../l10n';
import { operationPresentation } from './operationPresentation';
import { presentedItem } from './treeItems';

const CLEARED_BEFORE_KEY = 'fleetPower.operations.clearedBefore';

export class OperationsTreeProvider implements vscode.TreeDataProvider<OperationRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<OperationRecord | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  private readonly ticker: ReturnType<typeof setInterval>;

  constructor(private readonly engine: OperationEngine, private readonly state: vscode.Memento) {
    this.subscription = engine.onDidChange(() => this.changed.fire(undefined));
    // Durations of running operations tick while they run.
    this.ticker = setInterval(() => { if (engine.inFlight().length > 0) this.changed.fire(undefined); }, 1000);
  }

  getTreeItem(record: OperationRecord): vscode.TreeItem {
    const item = presentedItem(record.id, operationPresentation(record, Date.now()), vscode.TreeItemCollapsibleState.None);
    item.command = { title: l10n.t('Show Operation Log'), command: CommandIds.operationsShowLog, arguments: [record] };
    return item;
  }

  getChildren(record?: OperationRecord): OperationRecord[] {
    if (record) return [];
    const clearedBefore = this.state.get<number>(CLEARED_BEFORE_KEY) ?? 0;
    return this.engine.list().filter((r) => r.status === 'running' || (r.endedAt ?? r.startedAt) > clearedBefore);
  }

  async clearFinished(): Promise<void> {
    await this.state.update(CLEARED_BEFORE_KEY, Date.now());
    this.changed.fire(undefined);
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    clearInterval(this.ticker);
    this.subscription.dispose();
    this.changed.dispose();
  }
}
