/**
 * Runs a confirmed request: starts it in the engine, shows a cancellable progress notification
 * (cancel = stop waiting; the cloud operation continues and stays tracked), marks the nodes
 * as changing, reports the outcome and re-reads the affected nodes until they settle. The
 * record's cloud picks the tree from the per-cloud map.
 */
import * as vscode from 'vscode';
import { EmptySelectionError, type OperationEngine } from '../fleet/engine';
import type { CloudErrorInfo, CloudId, OperationEvent, OperationRecord, OperationRequest } from '../fleet/model';
import type { SecretMask } from '../fleet/redact';
import { targetFailed } from '../fleet/status';
import type { CloudUi } from './clouds/cloudUi';
import { showCloudError } from './errors';
import { l10n } from './l10n';
import { operationTargetsLabel, pendingDescription, targetLabelFor, targetStatusLabel } from './operationLabels';
import { outcomeMessage, progressTitle, waitCanceledMessage } from './outcomes';
import type { FleetOutput } from './output';

type CloudTargets = Readonly<Record<CloudId, Pick<CloudUi, 'tree' | 'pending'>>>;

/** The line the progress notification shows for an event, if any. */
function progressMessage(record: OperationRecord, event: OperationEvent): string | undefined {
  const target = (id: string): string => targetLabelFor(record, id);
  switch (event.type) {
    case 'progress': return l10n.t('Status: {0}', event.status);
    case 'waiting': return event.askedByCloud
      ? l10n.t('Throttled: waiting {0}s as the cloud asked', event.waitSeconds)
      : l10n.t('Throttled: waiting {0}s (our back-off)', event.waitSeconds);
    case 'stateRead': return l10n.t('{0} is now {1}', target(event.target), event.state);
    case 'targetResult': return l10n.t('{0}: {1}', target(event.target), targetStatusLabel(event.result.status));
    default: return undefined;
  }
}

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
    const finished = this.whenFinished(record, done);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: progressTitle(record), cancellable: true },
      async (progress, token) => {
        progress.report({ message: pendingDescription(record.kind) });
        const listener = this.engine.onDidChange((changed, event) => {
          if (changed.id !== record.id) return;
          const message = progressMessage(record, event);
          if (message) progress.report({ message });
        });
        const canceled = new Promise<'canceled'>((resolve) => token.onCancellationRequested(() => resolve('canceled')));
        try {
          const result = await Promise.race([finished.then(() => 'done' as const), canceled]);
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
    if (outcome.showError) {
      const firstFailure = Object.values(record.results).find((r) => targetFailed(r.status) && r.code !== undefined);
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
