/**
 * Every command, view and context key the extension contributes. No 'vscode' import, so the
 * contribution check (test/unit/contributions.test.ts) can compare it with package.json.
 */
export const CommandIds = {
  azurePowerOff: 'fleetPower.azure.powerOff',
  azureDeallocate: 'fleetPower.azure.deallocate',
  azurePerformMaintenance: 'fleetPower.azure.performMaintenance',
  azureStart: 'fleetPower.azure.start',
  azureRestart: 'fleetPower.azure.restart',
  volcengineStopInstance: 'fleetPower.volcengine.stopInstance',
  volcengineStartInstance: 'fleetPower.volcengine.startInstance',
  volcengineRebootInstance: 'fleetPower.volcengine.rebootInstance',
  refresh: 'fleetPower.refresh',
  azureRefreshView: 'fleetPower.azure.refreshView',
  volcengineRefreshView: 'fleetPower.volcengine.refreshView',
  refreshNode: 'fleetPower.refreshNode',
  azureFilterByState: 'fleetPower.azure.filterByState',
  azureClearFilter: 'fleetPower.azure.clearFilter',
  volcengineFilterByState: 'fleetPower.volcengine.filterByState',
  volcengineClearFilter: 'fleetPower.volcengine.clearFilter',
  azureSignIn: 'fleetPower.azure.signIn',
  azureSignInToTenant: 'fleetPower.azure.signInToTenant',
  azureSelectSubscriptions: 'fleetPower.azure.selectSubscriptions',
  showOutput: 'fleetPower.showOutput',
  azureCopyResourceId: 'fleetPower.azure.copyResourceId',
  volcengineCopyInstanceId: 'fleetPower.volcengine.copyInstanceId',
  volcengineSetCredentials: 'fleetPower.volcengine.setCredentials',
  volcengineClearCredentials: 'fleetPower.volcengine.clearCredentials',
  operationsShowLog: 'fleetPower.operations.showLog',
  operationsClearFinished: 'fleetPower.operations.clearFinished',
  operationsCheckAgain: 'fleetPower.operations.checkAgain',
  retry: 'fleetPower.retry',
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];

export const ViewIds = {
  container: 'fleetPower',
  azure: 'fleetPower.azure',
  volcengine: 'fleetPower.volcengine',
  operations: 'fleetPower.operations',
} as const;

/** Context keys set with `setContext`, used by viewsWelcome `when` clauses. */
export const ContextKeys = {
  azureState: 'fleetPower.azure.state',
  volcengineState: 'fleetPower.volcengine.state',
  /** true while the view's power-state filter hides some instances (shows the "Clear Filter" button). */
  azureFiltered: 'fleetPower.azure.filtered',
  volcengineFiltered: 'fleetPower.volcengine.filtered',
} as const;

export const AZURE_VIEW_STATES = ['loading', 'signedOut', 'noSubscriptions', 'ready', 'error'] as const;
export const VOLCENGINE_VIEW_STATES = ['loading', 'noCredentials', 'noRegions', 'ready', 'error'] as const;
export type AzureViewState = (typeof AZURE_VIEW_STATES)[number];
export type VolcengineViewState = (typeof VOLCENGINE_VIEW_STATES)[number];

export const OUTPUT_CHANNEL_NAME = 'Fleet Power';
