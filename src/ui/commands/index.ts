/**
 * The one registration list: each command's handler and the cloud it acts on. Typed by
 * CommandId, so a contributed command without a handler (or a handler for an unknown id)
 * does not compile.
 */
import type * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { azureCopyResourceId } from './azureCopyResourceId';
import { azureSelectSubscriptions } from './azureSelectSubscriptions';
import { azureSignIn } from './azureSignIn';
import { azureSignInToTenant } from './azureSignInToTenant';
import { type CommandId, CommandIds } from './ids';
import { operationsCheckAgain } from './operationsCheckAgain';
import { operationsClearFinished } from './operationsClearFinished';
import { operationsShowLog } from './operationsShowLog';
import { azureClearFilter, azureFilterByState, volcengineClearFilter, volcengineFilterByState } from './filterByState';
import { refresh, refreshNode, refreshView } from './refresh';
import { retry } from './retry';
import { operationCommand } from './runOperation';
import { showOutput } from './showOutput';
import { volcengineClearCredentials } from './volcengineClearCredentials';
import { volcengineCopyInstanceId } from './volcengineCopyInstanceId';
import { volcengineSetCredentials } from './volcengineSetCredentials';
import { type CommandRegistration, registerFleetCommand } from './wrapper';

const COMMANDS: Record<CommandId, CommandRegistration> = {
  [CommandIds.azurePowerOff]: { cloud: 'azure', handler: operationCommand('azure.powerOff') },
  [CommandIds.azureDeallocate]: { cloud: 'azure', handler: operationCommand('azure.deallocate') },
  [CommandIds.azurePerformMaintenance]: { cloud: 'azure', handler: operationCommand('azure.performMaintenance') },
  [CommandIds.azureStart]: { cloud: 'azure', handler: operationCommand('azure.start') },
  [CommandIds.azureRestart]: { cloud: 'azure', handler: operationCommand('azure.restart') },
  [CommandIds.volcengineStopInstance]: { cloud: 'volcengine', handler: operationCommand('volcengine.stopInstance') },
  [CommandIds.volcengineStartInstance]: { cloud: 'volcengine', handler: operationCommand('volcengine.startInstance') },
  [CommandIds.volcengineRebootInstance]: { cloud: 'volcengine', handler: operationCommand('volcengine.rebootInstance') },
  [CommandIds.refresh]: { handler: refresh },
  [CommandIds.azureRefreshView]: { cloud: 'azure', handler: refreshView('azure') },
  [CommandIds.volcengineRefreshView]: { cloud: 'volcengine', handler: refreshView('volcengine') },
  [CommandIds.refreshNode]: { handler: refreshNode },
  [CommandIds.azureFilterByState]: { cloud: 'azure', handler: azureFilterByState },
  [CommandIds.azureClearFilter]: { cloud: 'azure', handler: azureClearFilter },
  [CommandIds.volcengineFilterByState]: { cloud: 'volcengine', handler: volcengineFilterByState },
  [CommandIds.volcengineClearFilter]: { cloud: 'volcengine', handler: volcengineClearFilter },
  [CommandIds.azureSignIn]: { cloud: 'azure', handler: azureSignIn },
  [CommandIds.azureSignInToTenant]: { cloud: 'azure', handler: azureSignInToTenant },
  [CommandIds.azureSelectSubscriptions]: { cloud: 'azure', handler: azureSelectSubscriptions },
  [CommandIds.showOutput]: { handler: showOutput },
  [CommandIds.azureCopyResourceId]: { cloud: 'azure', handler: azureCopyResourceId },
  [CommandIds.volcengineCopyInstanceId]: { cloud: 'volcengine', handler: volcengineCopyInstanceId },
  [CommandIds.volcengineSetCredentials]: { cloud: 'volcengine', handler: volcengineSetCredentials },
  [CommandIds.volcengineClearCredentials]: { cloud: 'volcengine', handler: volcengineClearCredentials },
  [CommandIds.operationsShowLog]: { handler: operationsShowLog },
  [CommandIds.operationsClearFinished]: { handler: operationsClearFinished },
  [CommandIds.operationsCheckAgain]: { handler: operationsCheckAgain },
  [CommandIds.retry]: { handler: retry },
};

export function registerCommands(ctx: FleetContext): vscode.Disposable[] {
  return (Object.entries(COMMANDS) as Array<[CommandId, CommandRegistration]>).map(([id, registration]) => registerFleetCommand(ctx, id, registration));
}
