/**
 * Runs a confirmed plan: starts it in the engine, shows a cancellable progress notification
 * (cancel = stop waiting; the cloud operation continues and stays tracked), marks the nodes
 * as changing, reports the outcome and re-reads the affected nodes until they settle.
 */
import * as vscode from 'vscode';
import { EmptySelectionError, type OperationEngine } from '../fleet/engine';
import type { CloudErrorInfo, OperationRecord } from '../fleet/model';
import { showCloudError } from './errors';
import type { OperationPlan } from './flows/types';
import { l10n } from './l10n';
import { changesCloudState, outcomeMessage, progressTitle, targetLabelFor, WAIT_CANCELED_MESSAGE } from './outcomes';
import { targetStatusLabel } from './outputFormat';
import type { FleetOutput } from './output';
import type { SecretMask } from './redact';
import type { AzureTreeProvider } from './tree/azureTree';
import type { PendingOperations } from './tree/pending';
import { operationTargetsLabel, pendingDescription } from './tree/presentation';
import type { VolcengineTreeProvider } from './tree/volcengineTree';

export class OperationRunner {
  constructor(
    private readonly engine: OperationEngine,
    private readonly pending: PendingOperations,
    private readonly trees: { azure: AzureTreeProvider; volcengine: VolcengineTreeProvider },
    private readonly output: FleetOutput,
    private readonly mask: SecretMask,
  ) {}

  async run(plan: OperationPlan): Promise<void> {
    let started: { record: OperationRecord; done: Promise<OperationRecord> };
    try {
      started = this.engine.start(plan.kind, plan.targets, { ...plan.options });
    } catch (error) {
      if (error instanceof EmptySelectionError) {
        void vscode.window.showInformationMessage(l10n.t('No instance was selected: nothing was sent.'));
        return;
      }
      throw error;
    }
    const { record, done } = started;
    this.markPending(record);
    const finished = this.whenFinished(record, done);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: progressTitle(record), cancellable: true },
      async (progress, token) => {
        progress.report({ message: pendingDescription(record.kind) });
        const listener = this.engine.onDidChange((changed, event) => {
          if (changed.id !== record.id) return;
          if (event.type === 'poll') progress.report({ message: l10n.t('Status: {0}', event.status) });
          if (event.type === 'throttled') progress.report({ message: l10n.t('Throttled: waiting {0}s as asked', event.retryAfterSeconds) });
          const target = (id: string): string => targetLabelFor(record, id);
          if (event.type === 'stateRead') progress.report({ message: l10n.t('{0} is now {1}', target(event.target), event.state) });
          if (event.type === 'targetResult') progress.report({ message: l10n.t('{0}: {1}', target(event.target), targetStatusLabel(event.result.status)) });
        });
        const canceled = new Promise<'canceled'>((resolve) => token.onCancellationRequested(() => resolve('canceled')));
        try {
          const result = await Promise.race([finished.then(() => 'done' as const), canceled]);
          if (result === 'canceled') {
            this.output.log('info', l10n.t('[{0}] Stopped waiting for {1}; the cloud operation continues and is still tracked.', record.id, operationTargetsLabel(record)));
            void vscode.window.showInformationMessage(WAIT_CANCELED_MESSAGE());
          }
        } finally {
          listener.dispose();
        }
      },
    );
  }

  /** Called for operations resumed after a reload: same node marks, refresh and report, no notification. */
  track(record: OperationRecord): void {
    const done = this.engine.whenDone(record.id);
    if (!done) return;
    this.markPending(record);
    void this.whenFinished(record, done);
  }

  private markPending(record: OperationRecord): void {
    if (!changesCloudState(record)) return;
    const ids = record.targets.map((t) => t.id);
    this.pending.mark(ids, record.kind);
    if (record.cloud === 'azure') this.trees.azure.repaint(ids);
    else this.trees.volcengine.repaint(ids);
  }

  /** Never rejects: a failure while refreshing or reporting is logged, the operation's outcome stands. */
  private async whenFinished(record: OperationRecord, done: Promise<OperationRecord>): Promise<void> {
    try {
      await this.settle(await done);
    } catch (error) {
      this.output.log('error', l10n.t('[{0}] Could not refresh or report the outcome: {1}', record.id, error instanceof Error ? error.message : String(error)));
    }
  }

  private async settle(final: OperationRecord): Promise<void> {
    const ids = final.targets.map((t) => t.id);
    if (final.status === 'running') return; // the engine was disposed (window closing): the journal keeps it
    this.pending.clear(ids);
    const scopes = final.targets.map((t) => t.scope);
    // Re-read what was touched: after a refusal the real state is shown, not guessed.
    if (final.cloud === 'azure') await this.trees.azure.refreshTargets(scopes, ids);
    else await this.trees.volcengine.refreshTargets(scopes, ids);
    this.report(final);
  }

  private report(record: OperationRecord): void {
    const outcome = outcomeMessage(record);
    const showOutput = l10n.t('Show Output');
    if (outcome.showError) {
      const firstFailure = Object.values(record.results).find((r) => r.status === 'failed' && r.code !== undefined);
      const error: CloudErrorInfo = record.error ?? {
        cloud: record.cloud,
        code: firstFailure?.code ?? 'Failed',
        message: firstFailure?.message ?? l10n.t('The operation failed; see the output for details.'),
        category: 'unknown',
      };
      showCloudError(record.kind, error, operationTargetsLabel(record), this.output, this.mask);
      return;
    }
    const show = outcome.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const buttons = outcome.severity === 'warning' ? [showOutput] : [];
    void show(outcome.message, ...buttons).then((choice) => { if (choice === showOutput) this.output.show(); });
  }
}
