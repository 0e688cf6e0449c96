/**
 * What one cloud contributes to the UI, kept in one map keyed by cloud (FleetContext.clouds):
 * its engine provider and driver cache, its tree and view, which targets are pending, and the
 * flow behind each of its operation commands. The runner, the command wrapper and Refresh use
 * only this contract; they never ask "which cloud is this?".
 */
import type * as vscode from 'vscode';
import type { SecretMask } from '../../fleet/redact';
import type { CloudId, OperationKind } from '../../fleet/model';
import type { CloudProvider } from '../../fleet/provider';
import type { FleetSettings } from '../config';
import type { FlowResult } from '../flows/types';
import type { FleetOutput } from '../output';
import type { Prompter } from '../prompts/prompter';
import type { PendingOperations } from '../tree/pending';
import type { AzureUi } from './azure';
import type { DriverCache } from './driverCache';
import type { VolcengineUi } from './volcengine';

/** What the runner and the generic commands need from a cloud's tree. */
export interface CloudTree {
  /** Re-read everything the view shows, in place (nodes keep their identity); after a round in flight, never beside it. */
  refresh(): void;
  /** Re-read one node's lists, in place, if it is this tree's; false when it is not. */
  refreshNode(node: unknown): boolean;
  /** Repaint the nodes of these targets (their pending state changed). */
  repaint(targetIds: readonly string[]): void;
  /** Re-read what an operation touched, and keep re-reading while a target is still changing. */
  refreshTargets(scopes: readonly string[], targetIds: readonly string[]): Promise<void>;
  /** The tree's nodes for these targets (their scopes read first if needed), for Retry through the same flow. */
  nodesFor(targetIds: readonly string[], scopes: readonly string[]): Promise<unknown[]>;
  /** The automatic-refresh interval setting changed. */
  autoRefreshChanged(): void;
}

/** An operation command's node arguments (clicked node, multi-selection) to what the user confirmed. */
export type OperationFlow = (node: unknown, nodes: unknown) => Promise<FlowResult>;

export interface CloudUi {
  readonly cloud: CloudId;
  readonly provider: CloudProvider;
  readonly drivers: DriverCache;
  readonly pending: PendingOperations;
  readonly tree: CloudTree;
  readonly view: vscode.TreeView<unknown>;
  /** The flow behind each of this cloud's operation commands. */
  readonly flows: { readonly [K in OperationKind]?: OperationFlow };
  /** This cloud's effective settings changed: forget the client (and what was built from it), reload the tree. */
  settingsChanged(): void;
  dispose(): void;
}

/** What a cloud's UI parts are built from at activation. */
export interface CloudUiDeps {
  readonly extension: vscode.ExtensionContext;
  readonly settings: () => FleetSettings;
  readonly output: FleetOutput;
  readonly mask: SecretMask;
  readonly prompter: Prompter;
  readonly pollIntervalMs: () => number;
  /** fleetPower.autoRefreshSeconds in ms; 0 = off. */
  readonly autoRefreshMs: () => number;
}

interface CloudUiByCloud {
  azure: AzureUi;
  volcengine: VolcengineUi;
}

/** One entry per cloud (a CloudId without one does not compile), each with its typed session and tree. */
export type CloudUis = { readonly [C in CloudId]: CloudUiByCloud[C] & CloudUi };

export function eachCloud(clouds: CloudUis): CloudUi[] {
  return Object.values(clouds);
}
