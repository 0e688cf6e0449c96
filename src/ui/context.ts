/** The one context object built at activation and passed to every command (no globals). */
import type * as vscode from 'vscode';
import type { OperationEngine } from '../fleet/engine';
import type { SecretMask } from '../fleet/redact';
import type { CloudUis } from './clouds/cloudUi';
import type { FleetSettings } from './config';
import type { OperationRunner } from './operationRunner';
import type { FleetOutput } from './output';
import type { Prompter } from './prompts/prompter';
import type { OperationsTreeProvider } from './tree/operationsTree';

export interface FleetContext {
  readonly extension: vscode.ExtensionContext;
  settings(): FleetSettings;
  readonly output: FleetOutput;
  readonly mask: SecretMask;
  readonly prompter: Prompter;
  readonly engine: OperationEngine;
  readonly runner: OperationRunner;
  /** Each cloud's UI parts (session, provider, tree, view, pending marks, flows), keyed by cloud. */
  readonly clouds: CloudUis;
  readonly operations: { tree: OperationsTreeProvider };
}
