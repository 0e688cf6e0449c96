/** Azure's UI parts: the session, the drivers behind the engine's provider, the tree and its view, the flows. */
import * as vscode from 'vscode';
import { AZURE_CLOUD } from '../../fleet/clouds';
import { cloudProvider } from '../../fleet/provider';
import { loadCloud } from '../cloudModule';
import { ViewIds } from '../commands/ids';
import { azureSelection } from '../commands/selection';
import { deallocateFlow, powerOffFlow } from '../flows/azure';
import { restartFlow, startFlow } from '../flows/azureLifecycle';
import { performMaintenanceFlow } from '../flows/azureMaintenance';
import { AzureSession } from '../sessions';
import { AzureTreeProvider } from '../tree/azureTree';
import { PendingOperations } from '../tree/pending';
import { bindTreeView } from '../tree/viewBinding';
import type { CloudUi, CloudUiDeps } from './cloudUi';
import { DriverCache } from './driverCache';

export interface AzureUi extends CloudUi {
  readonly cloud: 'azure';
  readonly session: AzureSession;
  readonly tree: AzureTreeProvider;
}

export function createAzureUi(deps: CloudUiDeps): AzureUi {
  const session = new AzureSession(deps.settings);
  // The drivers ask the session for its client on every operation, so a new sign-in needs no reset.
  const drivers = new DriverCache(async () => (await loadCloud()).azure.createAzureDrivers(() => session.getClient()));
  const pending = new PendingOperations(AZURE_CLOUD);
  const tree = new AzureTreeProvider({
    session, state: deps.extension.globalState, viewState: deps.extension.workspaceState, output: deps.output, pending,
    pollIntervalMs: deps.pollIntervalMs, autoRefreshMs: deps.autoRefreshMs,
  });
  const view = vscode.window.createTreeView(ViewIds.azure, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const binding = bindTreeView(ViewIds.azure, view, tree);
  const flowDeps = { prompter: deps.prompter, source: tree };
  return {
    cloud: 'azure',
    session,
    drivers,
    provider: cloudProvider(AZURE_CLOUD, () => drivers.get()),
    pending,
    tree,
    view,
    flows: {
      'azure.powerOff': (node, nodes) => powerOffFlow(azureSelection(node, nodes), flowDeps),
      'azure.deallocate': (node, nodes) => deallocateFlow(azureSelection(node, nodes), flowDeps),
      'azure.performMaintenance': (node, nodes) => performMaintenanceFlow(azureSelection(node, nodes), flowDeps),
      'azure.start': (node, nodes) => startFlow(azureSelection(node, nodes), flowDeps),
      'azure.restart': (node, nodes) => restartFlow(azureSelection(node, nodes), flowDeps),
    },
    settingsChanged: () => {
      session.invalidate();
      tree.refresh();
    },
    dispose: () => {
      binding.dispose();
      tree.dispose();
      view.dispose();
    },
  };
}
