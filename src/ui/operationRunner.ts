/**
 * Runs a confirmed request: starts it in the engine, shows a cancellable progress notification
 * in the user's words (cancel = stop waiting; the cloud operation continues and stays tracked)
 * that closes when the operation ends, marks the nodes as changing, re-reads the affected nodes
 * until they settle and reports the outcome: a failure worded by its phase, with Retry for the
 * targets that failed, through the same flow and confirmation. The record's cloud picks the tree
 * and the flows from the per-cloud map.
 */
import * as vscode from 'vscode';
import { EmptySelectionError, type OperationEngine } from '../fleet/engine';
import type { CloudErrorInfo, CloudId, OperationRecord, OperationRequest } from '../fleet/model';
import type { SecretMask } from '../fleet/redact';
import { targetFailed } from '../fleet/status';
import type { CloudUi } from './clouds/cloudUi';
import { showCloudError, showGuidedError, type ToastAction } from './errors';
import { phaseOfResult } from './failureWording';
import { l10n } from './l10n';
import { operationTargetsLabel, pendingDescription } from './operationLabels';
import { outcomeMessage, progressTitle, waitCanceledMessage } from './outcomes';
import type { FleetOutput } from './output';
import { progressMessage } from './progressWording';

type CloudTargets = Readonly<Record<CloudId, Pick<CloudUi, 'tree' | 'pending' | 'flows'>>>;

export class OperationRunner {
  constructor(
    private readonly engine: OperationEngine,
    private readonly clouds: CloudTargets,
    private readonly output: FleetOutput,
    private readonly mask: SecretMask,
  ) {}

  async run(request: OperationRequest): Promise<void> {
    let started: { record: OperationRecord; done: Promise<OperationRecord> };
    try {
      started = this.engine.start(request);
    } catch (error) {
      if (error instanceof EmptySelectionError) {
        void vscode.window.showInformationMessage(l10n.t('No instance was selected: nothing was sent.'));
        return;
      }
      throw error;
    }
    const { record, done } = started;
    this.markPending(record);
    void this.whenFinished(record, done);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: progressTitle(record), cancellable: true },
      async (progress, token) => {
        progress.report({ message: pendingDescription(record.kind) });
        let checks = 0;
        const listener = this.engine.onDidChange((changed, event) => {
          if (changed.id !== record.id) return;
          if (event.type === 'progress') checks++;
          const message = progressMessage(record, event, checks);
          if (message) progress.report({ message });
        });
        const canceled = new Promise<'canceled'>((resolve) => token.onCancellationRequested(() => resolve('canceled')));
        try {
          // The notification closes when the operation ends; the re-read and the outcome toast follow it.
          const result = await Promise.race([done.then(() => 'done' as const, () => 'done' as const), canceled]);
          if (result === 'canceled') {
            this.output.log('info', l10n.t('[{0}] Stopped waiting for {1}; the cloud operation continues and is still tracked.', record.id, operationTargetsLabel(record)));
            void vscode.window.showInformationMessage(waitCanceledMessage());
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
    if (!this.engine.changesState(record)) return;
    const ids = record.targets.map((t) => t.id);
    const cloud = this.clouds[record.cloud];
    cloud.pending.mark(ids, record.kind);
    cloud.tree.repaint(ids);
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
    const cloud = this.clouds[final.cloud];
    cloud.pending.clear(ids);
    // Re-read what was touched: after a refusal the real state is shown, not guessed.
    await cloud.tree.refreshTargets(final.targets.map((t) => t.scope), ids);
    this.report(final);
  }

  private report(record: OperationRecord): void {
    const outcome = outcomeMessage(record);
    const showOutput = l10n.t('Show Output');
    const retry = this.retryAction(record);
    if (outcome.showError) {
      const firstFailure = Object.values(record.results).find((r) => targetFailed(r.status) && r.code !== undefined)
        ?? Object.values(record.results).find((r) => targetFailed(r.status));
      const error: CloudErrorInfo = record.error ?? {
        cloud: record.cloud,
        code: firstFailure?.code ?? 'Failed',
        message: firstFailure?.message ?? l10n.t('The operation failed; see the output for details.'),
        category: 'unknown',
      };
      const phase = (firstFailure ? phaseOfResult(firstFailure) : undefined) ?? 'refused';
      showCloudError(record.kind, error, operationTargetsLabel(record), this.output, this.mask, phase, retry ? [retry] : []);
      return;
    }
    if (outcome.severity === 'warning' && retry) {
      showGuidedError(outcome.message, 'none', record.cloud, this.output, this.mask, [retry], 'warning');
      return;
    }
    const show = outcome.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const buttons = outcome.severity === 'warning' ? [showOutput] : [];
    void show(outcome.message, ...buttons).then((choice) => { if (choice === showOutput) this.output.show(); });
  }

  /** "Retry" for the targets that failed (refused, failed, canceled), when there are any and a flow to run them through. */
  private retryAction(record: OperationRecord): ToastAction | undefined {
    const failed = record.targets.filter((t) => { const r = record.results[t.id]; return r !== undefined && targetFailed(r.status); });
    if (failed.length === 0 || !this.clouds[record.cloud].flows[record.kind]) return undefined;
    return { label: l10n.t('Retry'), run: () => this.retry(record, failed) };
  }

  /** The same flow as the first time (its choices, its confirmation naming the targets), for the failed targets only. */
  private async retry(record: OperationRecord, failed: OperationRecord['targets']): Promise<void> {
    const cloud = this.clouds[record.cloud];
    const flow = cloud.flows[record.kind];
    if (!flow) return;
    try {
      const nodes = await cloud.tree.nodesFor(failed.map((t) => t.id), failed.map((t) => t.scope));
      if (nodes.length === 0) {
        void vscode.window.showInformationMessage(l10n.t('The instances that failed are no longer in the view. Refresh it and choose them again.'));
        return;
      }
      const result = await flow(nodes[0], nodes);
      if (result.outcome === 'nothingToDo') void vscode.window.showInformationMessage(result.message);
      else if (result.outcome === 'plan') await this.run(result.plan);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.log('error', l10n.t('[{0}] Retry failed: {1}', record.id, message));
      showGuidedError(l10n.t('Fleet Power: {0}', message), 'none', record.cloud, this.output, this.mask);
    }
  }
}
