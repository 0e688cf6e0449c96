/** A status-bar item while operations are in flight; clicking it opens Recent Operations. */
import * as vscode from 'vscode';
import type { OperationEngine } from '../fleet/engine';
import { ViewIds } from './commands/ids';
import { l10n } from './l10n';
import { operationKindLabel, operationTargetsLabel } from './operationLabels';

export class OperationsStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };

  constructor(private readonly engine: OperationEngine) {
    this.item = vscode.window.createStatusBarItem('fleetPower.operations', vscode.StatusBarAlignment.Left, 50);
    this.item.name = l10n.t('Fleet Power Operations');
    this.item.command = { title: l10n.t('Show Recent Operations'), command: `${ViewIds.operations}.focus` };
    this.subscription = engine.onDidChange(() => this.update());
    this.update();
  }

  update(): void {
    const running = this.engine.inFlight();
    if (running.length === 0) {
      this.item.hide();
      return;
    }
    this.item.text = running.length === 1
      ? l10n.t('$(sync~spin) Fleet Power: 1 operation')
      : l10n.t('$(sync~spin) Fleet Power: {0} operations', running.length);
    this.item.tooltip = running.map((r) => l10n.t('{0} {1}', operationKindLabel(r.kind), operationTargetsLabel(r))).join('\n');
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
