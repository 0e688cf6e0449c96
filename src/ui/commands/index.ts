/**
 * The one registration list. Typed by CommandId, so a contributed command without a
 * handler (or a handler for an unknown id) does not compile.
 */
import type * as vscode from 'vscode';
import type { FleetContext } from '../context';
import { azureCopyResourceId } from './azureCopyResourceId';
import { azureDeallocate } from './azureDeallocate';
import { azurePerformMaintenance } from './azurePerformMaintenance';
import { azurePowerOff } from './azurePowerOff';
import { azureSelectSubscriptions } from './azureSelectSubscriptions';
import { azureSignIn } from './azureSignIn';
import { type CommandId, CommandIds } from './ids';
import { operationsClearFinished } from './operationsClearFinished';
import { operationsShowLog } from './operationsShowLog';
import { refresh } from './refresh';
import { retry } from './retry';
import { showOutput } from './showOutput';
import { volcengineClearCredentials } from './volcengineClearCredentials';
import { volcengineCopyInstanceId } from './volcengineCopyInstanceId';
import { volcengineSetCredentials } from './volcengineSetCredentials';
import { volcengineStopInstance } from './volcengineStopInstance';
import { type CommandHandler, registerFleetCommand } from './wrapper';

const HANDLERS: Record<CommandId, CommandHandler> = {
  [CommandIds.azurePowerOff]: azurePowerOff,
  [CommandIds.azureDeallocate]: azureDeallocate,
  [CommandIds.azurePerformMaintenance]: azurePerformMaintenance,
  [CommandIds.volcengineStopInstance]: volcengineStopInstance,
  [CommandIds.refresh]: refresh,
  [CommandIds.azureSignIn]: azureSignIn,
  [CommandIds.azureSelectSubscriptions]: azureSelectSubscriptions,
  [CommandIds.showOutput]: showOutput,
  [CommandIds.azureCopyResourceId]: azureCopyResourceId,
  [CommandIds.volcengineCopyInstanceId]: volcengineCopyInstanceId,
  [CommandIds.volcengineSetCredentials]: volcengineSetCredentials,
  [CommandIds.volcengineClearCredentials]: volcengineClearCredentials,
  [CommandIds.operationsShowLog]: operationsShowLog,
  [CommandIds.operationsClearFinished]: operationsClearFinished,
  [CommandIds.retry]: retry,
};

export function registerCommands(ctx: FleetContext): vscode.Disposable[] {
  return (Object.entries(HANDLERS) as Array<[CommandId, CommandHandler]>).map(([id, handler]) => registerFleetCommand(ctx, id, handler));
}
