/**
 * Wiring only: build the one context object (settings, output, secrets, sessions, engine,
 * trees), register the views and the command list, resume journaled operations.
 */
import * as vscode from 'vscode';
import { OperationEngine } from './fleet/engine';
import { registerCommands } from './ui/commands';
import { ViewIds } from './ui/commands/ids';
import { type FleetSettings, readSettings } from './ui/config';
import { changedClouds } from './ui/settingsPolicy';
import type { FleetContext } from './ui/context';
import { CachedDriverSource, lazyDrivers } from './ui/drivers';
import { loadCloud } from './ui/cloudModule';
import { GlobalStateJournal } from './ui/journal';
import { installTranslator, l10n } from './ui/l10n';
import { OperationRunner } from './ui/operationRunner';
import { FleetOutput } from './ui/output';
import { VsCodePrompter } from './ui/prompts/vscodePrompter';
import { SecretMask } from './ui/redact';
import { AzureSession, VolcengineSession } from './ui/sessions';
import { OperationsStatusBar } from './ui/status';
import { WorkspaceSettingsNotes } from './ui/workspaceSettings';
import { AzureTreeProvider } from './ui/tree/azureTree';
import { OperationsTreeProvider } from './ui/tree/operationsTree';
import { PendingOperations } from './ui/tree/pending';
import { VolcengineTreeProvider } from './ui/tree/volcengineTree';

let engine: OperationEngine | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Every UI string goes through ui/l10n; in VS Code it resolves against l10n/bundle.l10n.*.json.
  const vscodeL10n = vscode.l10n;
  installTranslator((message, ...args) => vscodeL10n.t(message, ...args));

  let settings: FleetSettings = readSettings();
  const currentSettings = (): FleetSettings => settings;
  const pollIntervalMs = (): number => settings.pollIntervalSeconds * 1000;

  const mask = new SecretMask();
  const output = new FleetOutput(mask);
  const pending = new PendingOperations();
  const azureSession = new AzureSession(currentSettings);
  const volcengineSession = new VolcengineSession(currentSettings, context.secrets, mask);

  const azureDrivers = new CachedDriverSource(async () => (await loadCloud()).azure.createAzureDrivers(() => azureSession.getClient()));
  const volcengineDrivers = new CachedDriverSource(async () =>
    (await loadCloud()).volcengine.createVolcengineDrivers(() => volcengineSession.requireClient(), { pollIntervalMs: pollIntervalMs() }));
  engine = new OperationEngine({
    drivers: lazyDrivers(() => azureDrivers.get(), () => volcengineDrivers.get()),
    journal: new GlobalStateJournal(context.globalState),
  });
  const operationEngine = engine;

  const azureTree = new AzureTreeProvider(azureSession, context.globalState, output, pending, pollIntervalMs);
  const volcengineTree = new VolcengineTreeProvider(volcengineSession, () => settings.volcengine.regions, output, pending, pollIntervalMs);
  const operationsTree = new OperationsTreeProvider(operationEngine, context.globalState);
  const azureView = vscode.window.createTreeView(ViewIds.azure, { treeDataProvider: azureTree, canSelectMany: true, showCollapseAll: true });
  const volcengineView = vscode.window.createTreeView(ViewIds.volcengine, { treeDataProvider: volcengineTree, canSelectMany: true, showCollapseAll: true });
  const operationsView = vscode.window.createTreeView(ViewIds.operations, { treeDataProvider: operationsTree });
  azureTree.describeView = (description) => { azureView.description = description; };
  volcengineTree.describeView = (description) => { volcengineView.description = description; };
  const runner = new OperationRunner(operationEngine, pending, { azure: azureTree, volcengine: volcengineTree }, output, mask);

  const ctx: FleetContext = {
    extension: context,
    settings: currentSettings,
    output,
    mask,
    prompter: new VsCodePrompter(),
    engine: operationEngine,
    runner,
    azure: { session: azureSession, tree: azureTree, view: azureView, drivers: azureDrivers },
    volcengine: { session: volcengineSession, tree: volcengineTree, view: volcengineView, drivers: volcengineDrivers },
    operations: { tree: operationsTree },
  };

  const workspaceNotes = new WorkspaceSettingsNotes(output);
  workspaceNotes.report(settings.ignoredWorkspaceSettings);

  context.subscriptions.push(
    output, azureTree, volcengineTree, operationsTree, azureView, volcengineView, operationsView,
    new OperationsStatusBar(operationEngine),
    workspaceNotes,
    operationEngine.onDidChange((record, event) => output.event(record, event)),
    ...registerCommands(ctx),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('fleetPower')) return;
      const previous = settings;
      settings = readSettings();
      workspaceNotes.report(settings.ignoredWorkspaceSettings);
      const changed = changedClouds(previous, settings);
      if (changed.azure) { azureSession.invalidate(); azureTree.refresh(); }
      if (changed.volcengine) { volcengineSession.invalidate(); volcengineDrivers.reset(); volcengineTree.refresh(); }
    }),
    context.secrets.onDidChange(() => { volcengineSession.invalidate(); volcengineTree.refresh(); }),
    { dispose: () => operationEngine.dispose() },
  );

  // Operations journaled before a reload: continue waiting, mark their nodes, report the outcome.
  const interrupted = operationEngine.inFlight();
  if (interrupted.length > 0) {
    output.log('info', l10n.t('Resuming {0} operation(s) that were in progress before the window reloaded.', interrupted.length));
    const resumed = operationEngine.resumeAll();
    for (const record of interrupted) runner.track(record);
    resumed.catch((error: unknown) => output.log('error', l10n.t('Resuming operations failed: {0}', error instanceof Error ? error.message : String(error))));
  }
}

export async function deactivate(): Promise<void> {
  // Keep what is in flight journaled as running, so the next activation resumes it.
  const current = engine;
  engine = undefined;
  if (!current) return;
  await current.flush();
  current.dispose();
}
