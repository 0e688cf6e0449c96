/** Volcengine's UI parts: the session, the drivers behind the engine's provider, the tree and its view, the flows. */
import * as vscode from 'vscode';
import { VOLCENGINE_CLOUD } from '../../fleet/clouds';
import { cloudProvider } from '../../fleet/provider';
import { loadCloud } from '../cloudModule';
import { ViewIds } from '../commands/ids';
import { volcengineSelection } from '../commands/selection';
import { stopInstanceFlow } from '../flows/volcengine';
import { rebootInstanceFlow, startInstanceFlow } from '../flows/volcengineLifecycle';
import { VolcengineSession } from '../sessions';
import { PendingOperations } from '../tree/pending';
import { VolcengineTreeProvider } from '../tree/volcengineTree';
import { bindTreeView } from '../tree/viewBinding';
import type { CloudUi, CloudUiDeps } from './cloudUi';
import { DriverCache } from './driverCache';

export interface VolcengineUi extends CloudUi {
  readonly cloud: 'volcengine';
  readonly session: VolcengineSession;
  readonly tree: VolcengineTreeProvider;
}

export function createVolcengineUi(deps: CloudUiDeps): VolcengineUi {
  const session = new VolcengineSession(deps.settings, deps.extension.secrets, deps.mask);
  // The poll interval is read when the drivers are made; they are made again after the keys or this cloud's settings change.
  const drivers = new DriverCache(async () =>
    (await loadCloud()).volcengine.createVolcengineDrivers(() => session.requireClient(), { pollIntervalMs: deps.pollIntervalMs(), maxWaitMs: Number.POSITIVE_INFINITY }));
  const pending = new PendingOperations(VOLCENGINE_CLOUD);
  const tree = new VolcengineTreeProvider({
    session, configuredRegions: () => deps.settings().volcengine.regions, viewState: deps.extension.workspaceState, output: deps.output, pending,
    pollIntervalMs: deps.pollIntervalMs, autoRefreshMs: deps.autoRefreshMs,
  });
  const view = vscode.window.createTreeView(ViewIds.volcengine, { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const binding = bindTreeView(ViewIds.volcengine, view, tree);
  const secretsChanged = deps.extension.secrets.onDidChange(() => {
    session.invalidate();
    tree.refresh();
  });
  const flowDeps = { prompter: deps.prompter, source: tree };
  return {
    cloud: 'volcengine',
    session,
    drivers,
    provider: cloudProvider(VOLCENGINE_CLOUD, () => drivers.get()),
    pending,
    tree,
    view,
    flows: {
      'volcengine.stopInstance': (node, nodes) => stopInstanceFlow(volcengineSelection(node, nodes), flowDeps),
      'volcengine.startInstance': (node, nodes) => startInstanceFlow(volcengineSelection(node, nodes), flowDeps),
      'volcengine.rebootInstance': (node, nodes) => rebootInstanceFlow(volcengineSelection(node, nodes), flowDeps),
    },
    settingsChanged: () => {
      session.invalidate();
      drivers.reset();
      tree.refresh();
    },
    dispose: () => {
      binding.dispose();
      secretsChanged.dispose();
      tree.dispose();
      view.dispose();
    },
  };
}
