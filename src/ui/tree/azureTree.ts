/**
 * The "Azure Scale Sets" view: subscription → scale set → instance. Node ids are resource
 * ids and node objects are kept across refreshes (azureNodes.ts), so a refresh updates them
 * in place.
 */
import * as vscode from 'vscode';
import { mapWithConcurrency } from '../../fleet/async';
import type { AzureSubscription, CloudErrorInfo, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import type { AzureFleetClient } from '../../cloud/azure/index';
import type { CloudTree } from '../clouds/cloudUi';
import { type AzureViewState, ContextKeys } from '../commands/ids';
import type { AzureFleetSource } from '../flows/types';
import { l10n } from '../l10n';
import type { FleetOutput } from '../output';
import type { AzureSession } from '../sessions';
import { UserFacingError } from '../settingsErrors';
import { azureStateIsTransitional } from '../targets';
import { AzureNodeIndex, InstanceNode, ScaleSetNode, SubscriptionNode } from './azureNodes';
import { instancePresentation, scaleSetPresentation, subscriptionPresentation } from './azurePresentation';
import { ErrorNode } from './errorNode';
import type { PendingOperations } from './pending';
import { SettlePoller } from './settlePoller';
import { errorItem, presentedItem } from './treeItems';

export type AzureNode = SubscriptionNode | ScaleSetNode | InstanceNode | ErrorNode;

const SELECTED_SUBSCRIPTIONS_KEY = 'fleetPower.azure.selectedSubscriptions';

function errorText(error: unknown, client: AzureFleetClient | undefined, target: string): { info?: CloudErrorInfo; text: string } {
  if (error instanceof UserFacingError) return { text: error.message };
  const info = client?.toCloudError(error, target);
  if (info) return { info, text: l10n.t('{0}: {1}', info.code, info.message) };
  return { text: error instanceof Error ? error.message : String(error) };
}

export class AzureTreeProvider implements vscode.TreeDataProvider<AzureNode>, AzureFleetSource, CloudTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AzureNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the wiring: shows where the identity comes from in the view's title bar (never a secret). */
  describeView: (description: string | undefined) => void = () => undefined;

  private subscriptionNodes: SubscriptionNode[] | undefined;
  private readonly scaleSetNodes = new Map<string, ScaleSetNode[] | ErrorNode>();
  private readonly nodes = new AzureNodeIndex();
  private readonly instanceLoads = new Map<ScaleSetNode, Promise<ScaleSetInstance[]>>();
  private readonly poller: SettlePoller;
  private disposed = false;

  constructor(
    private readonly session: AzureSession,
    private readonly state: vscode.Memento,
    private readonly output: FleetOutput,
    private readonly pending: PendingOperations,
    pollIntervalMs: () => number,
  ) {
    this.poller = new SettlePoller(pollIntervalMs);
  }

  // ------------------------------------------------------------ TreeDataProvider

  getTreeItem(node: AzureNode): vscode.TreeItem {
    switch (node.kind) {
      case 'subscription':
        return presentedItem(node.id, subscriptionPresentation(node.data), vscode.TreeItemCollapsibleState.Collapsed);
      case 'scaleSet':
        return presentedItem(node.id, scaleSetPresentation(node.data, node.instances), vscode.TreeItemCollapsibleState.Collapsed);
      case 'instance':
        return presentedItem(node.id, instancePresentation(node.data, this.pending.get(node.id)), vscode.TreeItemCollapsibleState.None);
      case 'error':
        return errorItem(node);
    }
  }

  getParent(node: AzureNode): AzureNode | undefined {
    if (node.kind === 'scaleSet' || node.kind === 'instance') return node.parent;
    return undefined;
  }

  async getChildren(node?: AzureNode): Promise<AzureNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'subscription': return this.subscriptionChildren(node);
      case 'scaleSet': return this.scaleSetChildren(node);
      default: return [];
    }
  }

  // ------------------------------------------------------------ loading

  private async setViewState(state: AzureViewState): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.azureState, state);
  }

  private async rootChildren(): Promise<AzureNode[]> {
    let client: AzureFleetClient | undefined;
    try {
      client = await this.session.getClient();
      const subscriptions = await client.listSubscriptions();
      const selected = this.state.get<string[]>(SELECTED_SUBSCRIPTIONS_KEY);
      const shown = selected ? subscriptions.filter((s) => selected.includes(s.subscriptionId)) : subscriptions;
      this.subscriptionNodes = shown.map((s) => {
        const existing = this.subscriptionNodes?.find((n) => n.data.subscriptionId === s.subscriptionId);
        if (existing) { existing.data = s; return existing; }
        return new SubscriptionNode(s);
      });
      this.describeView(this.session.source);
      await this.setViewState(this.subscriptionNodes.length === 0 ? 'noSubscriptions' : 'ready');
      return this.subscriptionNodes;
    } catch (error) {
      const { info, text } = errorText(error, client, l10n.t('subscriptions'));
      const notSignedIn = (error instanceof UserFacingError && error.fix === 'signIn') || info?.category === 'authentication';
      if (notSignedIn) {
        this.output.log('warn', l10n.t('Azure: not signed in ({0}).', text));
        this.describeView(undefined);
        await this.setViewState('signedOut');
        return [];
      }
      if (info) this.output.cloudError(l10n.t('Azure: listing subscriptions failed.'), info);
      else this.output.log('error', l10n.t('Azure: {0}', text));
      await this.setViewState('error');
      return [new ErrorNode('azure#error', l10n.t('Could not list subscriptions: {0}', text), () => this.refresh())];
    }
  }

  private async subscriptionChildren(node: SubscriptionNode): Promise<AzureNode[]> {
    const cached = this.scaleSetNodes.get(node.data.subscriptionId);
    if (cached) return cached instanceof ErrorNode ? [cached] : cached;
    let client: AzureFleetClient | undefined;
    try {
      client = await this.session.getClient();
      const scaleSets = await client.listScaleSets(node.data.subscriptionId);
      const nodes = scaleSets.map((s) => this.nodes.scaleSetNode(s, node));
      this.scaleSetNodes.set(node.data.subscriptionId, nodes);
      this.readAhead(nodes);
      return nodes;
    } catch (error) {
      const { info, text } = errorText(error, client, node.data.displayName);
      if (info) this.output.cloudError(l10n.t('Azure: listing the scale sets of {0} failed.', node.data.displayName), info);
      const errorNode = new ErrorNode(`${node.id}#error`, l10n.t('Could not list scale sets: {0}', text), () => {
        this.scaleSetNodes.delete(node.data.subscriptionId);
        this.changed.fire(node);
      });
      return [errorNode];
    }
  }

  private async scaleSetChildren(node: ScaleSetNode): Promise<AzureNode[]> {
    if (node.error) return [node.error];
    if (!node.instances) await this.loadInstances(node);
    if (node.error) return [node.error];
    return (node.instances ?? []).map((instance) => this.nodes.instanceNode(instance, node));
  }

  /**
   * Reads a scale set's instances (power states come with the list) and updates its nodes.
   * An expand and the read-ahead asking at once share one listing instead of sending two.
   */
  private loadInstances(node: ScaleSetNode): Promise<ScaleSetInstance[]> {
    const inFlight = this.instanceLoads.get(node);
    if (inFlight) return inFlight;
    const load = this.readInstances(node).finally(() => this.instanceLoads.delete(node));
    this.instanceLoads.set(node, load);
    return load;
  }

  private async readInstances(node: ScaleSetNode): Promise<ScaleSetInstance[]> {
    let client: AzureFleetClient | undefined;
    try {
      client = await this.session.getClient();
      const instances = await client.listInstances(node.data);
      node.instances = instances;
      node.error = undefined;
      for (const instance of instances) this.nodes.instanceNode(instance, node);
      return instances;
    } catch (error) {
      const { info, text } = errorText(error, client, node.data.name);
      if (info) this.output.cloudError(l10n.t('Azure: listing the instances of {0} failed.', node.data.name), info);
      node.error = new ErrorNode(`${node.id}#error`, l10n.t('Could not list instances: {0}', text), () => {
        node.error = undefined;
        node.instances = undefined;
        this.changed.fire(node);
      });
      return [];
    }
  }

  /** Instances are read ahead for the "3/5 running" descriptions, within the concurrency bound. */
  private readAhead(nodes: ScaleSetNode[]): void {
    void mapWithConcurrency(nodes.filter((n) => !n.instances), this.session.maxConcurrency, async (node) => {
      if (this.disposed) return;
      await this.loadInstances(node);
      this.changed.fire(node);
    });
  }

  // ------------------------------------------------------------ refresh and polling

  /** Everything, or one node (its children are re-read). Nodes keep their identity. */
  refresh(node?: AzureNode): void {
    if (!node) {
      this.scaleSetNodes.clear();
      for (const scaleSet of this.nodes.allScaleSets()) { scaleSet.instances = undefined; scaleSet.error = undefined; }
      this.session.invalidate();
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'subscription') this.scaleSetNodes.delete(node.data.subscriptionId);
    if (node.kind === 'scaleSet') { node.instances = undefined; node.error = undefined; }
    if (node.kind === 'instance') { node.parent.instances = undefined; this.changed.fire(node.parent); return; }
    if (node.kind === 'error') { node.retry(); return; }
    this.changed.fire(node);
  }

  refreshNode(node: unknown): boolean {
    if (!(node instanceof SubscriptionNode || node instanceof ScaleSetNode || node instanceof InstanceNode)) return false;
    this.refresh(node);
    return true;
  }

  repaint(targetIds: readonly string[]): void {
    for (const node of this.nodes.instancesFor(targetIds)) this.changed.fire(node);
  }

  /**
   * Re-read the scale sets an operation touched, then keep re-reading while any of the
   * targets is in a transitional state (lesson: poll only what is changing).
   */
  async refreshTargets(scaleSetIds: readonly string[], targetIds: readonly string[]): Promise<void> {
    const scaleSets = this.nodes.scaleSetsFor(scaleSetIds);
    await this.poller.watch(
      async () => {
        for (const node of scaleSets) {
          await this.loadInstances(node);
          this.changed.fire(node);
        }
      },
      () => this.nodes.instancesFor(targetIds).some((node) => azureStateIsTransitional(node.data.powerState)),
    );
  }

  // ------------------------------------------------------------ subscription filter

  selectedSubscriptions(): string[] | undefined {
    return this.state.get<string[]>(SELECTED_SUBSCRIPTIONS_KEY);
  }

  async setSelectedSubscriptions(ids: string[] | undefined): Promise<void> {
    await this.state.update(SELECTED_SUBSCRIPTIONS_KEY, ids);
    this.subscriptionNodes = undefined;
    this.changed.fire(undefined);
  }

  // ------------------------------------------------------------ AzureFleetSource (palette pickers)

  async subscriptions(): Promise<AzureSubscription[]> {
    const client = await this.session.getClient();
    const all = await client.listSubscriptions();
    const selected = this.selectedSubscriptions();
    return selected ? all.filter((s) => selected.includes(s.subscriptionId)) : all;
  }

  async allSubscriptions(): Promise<AzureSubscription[]> {
    const client = await this.session.getClient();
    return client.listSubscriptions();
  }

  async scaleSets(subscriptionId: string): Promise<ScaleSet[]> {
    const client = await this.session.getClient();
    return client.listScaleSets(subscriptionId);
  }

  async instances(ref: ScaleSetRef, fresh = false): Promise<ScaleSetInstance[]> {
    const node = this.nodes.findScaleSet(ref.id);
    if (node && !fresh && node.instances) return node.instances;
    if (node) {
      const instances = await this.loadInstances(node);
      const failure = node.error;
      this.changed.fire(node);
      if (failure) throw new Error(failure.message);
      return instances;
    }
    const client = await this.session.getClient();
    return client.listInstances(ref);
  }

  scaleSet(ref: ScaleSetRef): ScaleSet | undefined {
    return this.nodes.findScaleSet(ref.id)?.data;
  }

  dispose(): void {
    this.disposed = true;
    this.poller.dispose();
    this.changed.dispose();
  }
}
