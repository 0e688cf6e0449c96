/**
 * Wiring only: build the one context object (settings, output, the per-cloud UI parts, the
 * engine, the runner), register the views and the command list, resume journaled operations.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { OperationEngine } from './fleet/engine';
import { OperationLeases } from './fleet/leases';
import { SecretMask } from './fleet/redact';
import { createAzureUi } from './ui/clouds/azure';
import { type CloudUiDeps, type CloudUis, eachCloud } from './ui/clouds/cloudUi';
import { createVolcengineUi } from './ui/clouds/volcengine';
import { registerCommands } from './ui/commands';
import { ViewIds } from './ui/commands/ids';
import { type FleetSettings, readSettings } from './ui/config';
import type { FleetContext } from './ui/context';
import { GlobalStateJournal } from './ui/journal';
import { GlobalStateLeaseStore } from './ui/leases';
import { installTranslator, l10n } from './ui/l10n';
import { OperationRunner } from './ui/operationRunner';
import { FleetOutput } from './ui/output';
import { VsCodePrompter } from './ui/prompts/vscodePrompter';
import { changedClouds } from './ui/settingsPolicy';
import { OperationsStatusBar } from './ui/status';
import { OperationsTreeProvider } from './ui/tree/operationsTree';
import { WorkspaceSettingsNotes } from './ui/workspaceSettings';

let engine: OperationEngine | undefined;
let leases: OperationLeases | undefined;

export function activate(context: vscode.ExtensionContext): void {
  // Every UI string goes through ui/l10n; in VS Code it resolves against l10n/bundle.l10n.*.json.
  const vscodeL10n = vscode.l10n;
  installTranslator((message, ...args) => vscodeL10n.t(message, ...args), vscode.env.language);

  let settings: FleetSettings = readSettings();
  const mask = new SecretMask();
  const output = new FleetOutput(mask);
  const prompter = new VsCodePrompter();
  const deps: CloudUiDeps = {
    extension: context,
    settings: () => settings,
    output,
    mask,
    prompter,
    pollIntervalMs: () => settings.pollIntervalSeconds * 1000,
    autoRefreshMs: () => settings.autoRefreshSeconds * 1000,
  };
  const clouds: CloudUis = { azure: createAzureUi(deps), volcengine: createVolcengineUi(deps) };

  engine = new OperationEngine({
    providers: eachCloud(clouds).map((cloud) => cloud.provider),
    journal: new GlobalStateJournal(context.globalState),
    deadlineMs: () => settings.deadlineMinutes * 60_000,
    // One poller per operation across windows: the window holding an operation's lease drives it, the others follow it.
    leases: leases = new OperationLeases(new GlobalStateLeaseStore(context.globalState), { holder: randomUUID() }),
  });
  const operationEngine = engine;
  const operationsTree = new OperationsTreeProvider(operationEngine, context.globalState);
  const operationsView = vscode.window.createTreeView(ViewIds.operations, { treeDataProvider: operationsTree });
  const runner = new OperationRunner(operationEngine, clouds, output, mask);

  const ctx: FleetContext = {
    extension: context,
    settings: () => settings,
    output,
    mask,
    prompter,
    engine: operationEngine,
    runner,
    clouds,
    operations: { tree: operationsTree },
  };

  const workspaceNotes = new WorkspaceSettingsNotes(output);
  workspaceNotes.report(settings.ignoredWorkspaceSettings);

  context.subscriptions.push(
    output, ...eachCloud(clouds), operationsTree, operationsView,
    new OperationsStatusBar(operationEngine),
    workspaceNotes,
    operationEngine.onDidChange((record, event) => output.event(record, event)),
    ...registerCommands(ctx),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('fleetPower') && !event.affectsConfiguration('http.proxy') && !event.affectsConfiguration('http.noProxy')) return;
      const previous = settings;
      settings = readSettings();
      workspaceNotes.report(settings.ignoredWorkspaceSettings);
      const changed = changedClouds(previous, settings);
      for (const cloud of eachCloud(clouds)) if (changed[cloud.cloud]) cloud.settingsChanged();
      if (previous.autoRefreshSeconds !== settings.autoRefreshSeconds) for (const cloud of eachCloud(clouds)) cloud.tree.autoRefreshChanged();
    }),
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
  // Written before the window goes, so another window (or this one, reloaded) takes over at once.
  await leases?.dispose();
  leases = undefined;
}
