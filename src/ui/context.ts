/** The one context object built at activation and passed to every command (no globals). */
import type * as vscode from 'vscode';
import type { OperationEngine } from '../fleet/engine';
import type { FleetSettings } from './config';
import type { CachedDriverSource } from './drivers';
import type { OperationRunner } from './operationRunner';
import type { FleetOutput } from './output';
import type { Prompter } from './prompts/prompter';
import type { SecretMask } from './redact';
import type { AzureSession, VolcengineSession } from './sessions';
import type { AzureTreeProvider } from './tree/azureTree';
import type { OperationsTreeProvider } from './tree/operationsTree';
import type { VolcengineTreeProvider } from './tree/volcengineTree';

export interface FleetContext {
  readonly extension: vscode.ExtensionContext;
  settings(): FleetSettings;
  readonly output: FleetOutput;
  readonly mask: SecretMask;
  readonly prompter: Prompter;
  readonly engine: OperationEngine;
  readonly runner: OperationRunner;
  readonly azure: { session: AzureSession; tree: AzureTreeProvider; view: vscode.TreeView<unknown>; drivers: CachedDriverSource };
  readonly volcengine: { session: VolcengineSession; tree: VolcengineTreeProvider; view: vscode.TreeView<unknown>; drivers: CachedDriverSource };
  readonly operations: { tree: OperationsTreeProvider };
}
