/**
 * The "Azure Scale Sets" view: subscription → scale set → instance. Node ids are resource ids
 * and node objects are kept across refreshes (azureNodes.ts): a refresh reads first and then
 * fires only the nodes whose look or children changed (treeChanges.ts), so selection,
 * expansion and the handle a menu command is resolving all survive it. getChildren never waits
 * for the network below the root: an unread container shows "Loading…" and is fired when its
 * list arrives. Loading, errors and waits: azureLoads.ts.
 */
import * as vscode from 'vscode';
import type { AzurePowerState, AzureSubscription, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import type { CloudTree } from '../clouds/cloudUi';
import { ContextKeys } from '../commands/ids';
import type { AzureFleetSource } from '../flows/types';
import type { FleetOutput } from '../output';
import type { AzureSession } from '../sessions';
import { azureStateIsTransitional } from '../targets';
import { AutoRefresher, type RefreshReason } from './autoRefresh';
import { canList, AzureLoads, type AzureNode } from './azureLoads';
import { InstanceNode, ScaleSetNode, SubscriptionNode } from './azureNodes';
import { AZURE_POWER_STATES, azurePowerStateLabel, instancePresentation, scaleSetPresentation, subscriptionPresentation } from './azurePresentation';
import { ExpansionState, type StateStore } from './expansion';
import type { PendingOperations } from './pending';
import type { Presented } from './presentation';
import { SettlePoller } from './settlePoller';
import { StateFilter, viewDescription } from './stateFilter';
import { tenantItem } from './tenantItem';
import { tenantPresentation } from './tenantNodes';
import { TreeChanges } from './treeChanges';
import { errorItem, noticeItem, presentedItem } from './treeItems';
import { azureVisibleReads, isOpen } from './visibleReads';
import { waitOnNode } from '../waitWording';

export type { AzureNode } from './azureLoads';

const SELECTED_SUBSCRIPTIONS_KEY = 'fleetPower.azure.selectedSubscriptions';

export interface AzureTreeOptions {
  session: AzureSession;
  /** Global state: the subscription selection. */
  state: vscode.Memento;
  /** Workspace state: what is expanded and the power-state filter. */
  viewState: StateStore;
  output: FleetOutput;
  pending: PendingOperations;
  pollIntervalMs: () => number;
  autoRefreshMs: () => number;
}

export class AzureTreeProvider implements vscode.TreeDataProvider<AzureNode>, AzureFleetSource, CloudTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AzureNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the wiring: the view's title-bar description (never a secret). */
  describeView: (description: string | undefined) => void = () => undefined;
  /** Set by the wiring: runs a refresh under the view's own progress bar. */
  withViewProgress: (work: () => Promise<void>) => Promise<void> = (work) => work();

  readonly expansion: ExpansionState;
  readonly filter: StateFilter<AzurePowerState>;
  readonly refresher: AutoRefresher;
  private readonly changes = new TreeChanges<AzureNode>((change) => this.changed.fire(change));
  private readonly loads: AzureLoads;
  private readonly poller: SettlePoller;
  private readonly session: AzureSession;
  private readonly pending: PendingOperations;

  constructor(private readonly options: AzureTreeOptions) {
    this.session = options.session;
    this.pending = options.pending;
    this.expansion = new ExpansionState(options.viewState, 'fleetPower.azure.expanded');
    this.filter = new StateFilter(options.viewState, 'fleetPower.azure.stateFilter', AZURE_POWER_STATES);
    this.loads = new AzureLoads({
      session: options.session,
      output: options.output,
      changes: this.changes,
      look: (node) => this.look(node),
      shownChildren: (node) => this.shownChildIds(node),
      selectedSubscriptions: () => this.selectedSubscriptions(),
      setViewState: (state) => vscode.commands.executeCommand('setContext', ContextKeys.azureState, state),
      describeIdentity: () => this.updateDescription(),
    });
    this.poller = new SettlePoller(options.pollIntervalMs);
    this.refresher = new AutoRefresher((reason) => this.withViewProgress(() => this.reloadVisible(reason)), options.autoRefreshMs);
    this.updateDescription();
  }

  // ------------------------------------------------------------ TreeDataProvider

  getTreeItem(node: AzureNode): vscode.TreeItem {
    if (node.kind === 'error') return errorItem(node);
    if (node.kind === 'notice') return noticeItem(node);
    if (node.kind === 'tenant') {
      this.changes.shownAs(node, tenantPresentation(node.listing));
      return tenantItem(node);
    }
    const presented = this.look(node);
    this.changes.shownAs(node, presented);
    const collapsible = node.kind === 'instance' ? vscode.TreeItemCollapsibleState.None
      : this.expansion.isExpanded(node.id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    return presentedItem(node.id, presented, collapsible);
  }

  getParent(node: AzureNode): AzureNode | undefined {
    return node.kind === 'scaleSet' || node.kind === 'instance' ? node.parent : undefined;
  }

  getChildren(node?: AzureNode): Promise<AzureNode[]> {
    return this.changes.whileFetching(this.children(node), node);
  }

  private async children(node?: AzureNode): Promise<AzureNode[]> {
    if (!node) return this.loads.rootChildren();
    if (node.kind === 'subscription') return this.loads.subscriptionChildren(node);
    if (node.kind === 'scaleSet') return this.loads.scaleSetChildren(node, (instance) => this.filter.matches(instance.powerState), this.filterLabels());
    return [];
  }

  /** What a resource node shows; compared with what VS Code last got to decide what to fire. */
  private look(node: SubscriptionNode | ScaleSetNode | InstanceNode): Presented {
    switch (node.kind) {
      case 'subscription': return this.withWait(node, subscriptionPresentation(node.data));
      case 'scaleSet': return this.withWait(node, scaleSetPresentation(node.data, node.instances));
      case 'instance': return instancePresentation(node.data, this.pending.get(node.id));
    }
  }

  /** A listing that is waiting out a throttle says so on its node ("waiting 3 s: throttled"). */
  private withWait(node: AzureNode, presented: Presented): Presented {
    const wait = this.loads.waitOf(node);
    return wait ? { ...presented, description: `${presented.description} · ${waitOnNode(wait)}` } : presented;
  }

  /** The ids getChildren would return now: a change means the node itself must be fired. */
  private shownChildIds(node: SubscriptionNode | ScaleSetNode): string {
    const children = node.kind === 'subscription'
      ? this.loads.peekSubscriptionChildren(node)
      : this.loads.peekScaleSetChildren(node, (instance) => this.filter.matches(instance.powerState));
    return children.map((child) => child.id).join('\n');
  }

  // ------------------------------------------------------------ refresh

  /** Re-reads what the view shows (visibleReads.ts) and fires what changed. */
  private async reloadVisible(reason: RefreshReason): Promise<void> {
    if (reason === 'user') this.session.invalidate();
    const subscriptions = await this.loads.reloadSubscriptions();
    if (!subscriptions) return;
    const open = (node: SubscriptionNode): boolean => isOpen<AzureNode>(node, (n) => this.expansion.isExpanded(n.id), (n) => this.getParent(n));
    const plan = azureVisibleReads(subscriptions, (s) => this.loads.listedScaleSets(s), open, (s) => canList(s.data));
    await Promise.all(plan.scaleSetLists.map(async (subscription) => {
      await this.loads.loadScaleSets(subscription, reason === 'user');
      // The lists as they are now (the subscription may have gained or lost scale sets); a failed
      // list is read again only when the user asked, so an automatic round never repeats an error.
      const scaleSets = (this.loads.listedScaleSets(subscription) ?? []).filter((s) => reason === 'user' || !s.error);
      await Promise.all(scaleSets.map((scaleSet) => this.loads.loadInstances(scaleSet)));
    }));
  }

  /** Everything the view shows, re-read in place (the title and palette Refresh, a new sign-in or settings). */
  refresh(): void {
    void this.refresher.refreshNow();
  }

  /** The node's inline Refresh: that node's lists only. An instance re-reads its scale set. */
  refreshNode(node: unknown): boolean {
    if (node instanceof SubscriptionNode) {
      void this.withViewProgress(async () => {
        await this.loads.loadScaleSets(node, true);
        await Promise.all((this.loads.listedScaleSets(node) ?? []).map((scaleSet) => this.loads.loadInstances(scaleSet)));
      });
      return true;
    }
    const scaleSet = node instanceof ScaleSetNode ? node : node instanceof InstanceNode ? node.parent : undefined;
    if (!scaleSet) return false;
    void this.withViewProgress(async () => { await this.loads.loadInstances(scaleSet); });
    return true;
  }

  /** Expanded now: a part that was closed since its last read is read once (it showed old data meanwhile). */
  expanded(node: AzureNode, expanded: boolean): void {
    if (node.kind !== 'subscription' && node.kind !== 'scaleSet') return;
    this.expansion.set(node.id, expanded);
    const interval = this.options.autoRefreshMs();
    if (!expanded || interval <= 0 || !this.loads.isStale(node, interval)) return;
    void this.refreshNode(node);
  }

  autoRefreshChanged(): void {
    this.refresher.intervalChanged();
  }

  repaint(targetIds: readonly string[]): void {
    this.changes.fire(this.loads.nodes.instancesFor(targetIds));
  }

  /**
   * Re-read the scale sets an operation touched, then keep re-reading while any of the
   * targets is in a transitional state (lesson: poll only what is changing).
   */
  async refreshTargets(scaleSetIds: readonly string[], targetIds: readonly string[]): Promise<void> {
    const scaleSets = this.loads.nodes.scaleSetsFor(scaleSetIds);
    await this.poller.watch(
      async () => { await Promise.all(scaleSets.map((node) => this.loads.loadInstances(node))); },
      () => this.loads.nodes.instancesFor(targetIds).some((node) => azureStateIsTransitional(node.data.powerState)),
    );
  }

  /** The instance nodes of these targets, reading their scale sets when the view has not yet (for Retry). */
  async nodesFor(targetIds: readonly string[], scopes: readonly string[]): Promise<InstanceNode[]> {
    await Promise.all(this.loads.nodes.scaleSetsFor(scopes).filter((n) => !n.instances).map((n) => this.loads.loadInstances(n)));
    return this.loads.nodes.instancesFor(targetIds);
  }

  // ------------------------------------------------------------ power-state filter

  private filterLabels(): string[] | undefined {
    return this.filter.states?.map(azurePowerStateLabel);
  }

  async setFilter(states: readonly AzurePowerState[] | undefined): Promise<void> {
    await this.filter.set(states);
    this.updateDescription();
    // Only the instance lists change: the loaded scale sets, not the root.
    this.changes.fire([...this.loads.nodes.allScaleSets()].filter((n) => n.instances !== undefined));
  }

  private updateDescription(): void {
    this.describeView(viewDescription(this.session.source, this.filterLabels()));
    void vscode.commands.executeCommand('setContext', ContextKeys.azureFiltered, this.filter.active);
  }

  // ------------------------------------------------------------ subscription selection

  selectedSubscriptions(): string[] | undefined {
    return this.options.state.get<string[]>(SELECTED_SUBSCRIPTIONS_KEY);
  }

  async setSelectedSubscriptions(ids: string[] | undefined): Promise<void> {
    await this.options.state.update(SELECTED_SUBSCRIPTIONS_KEY, ids);
    this.loads.forgetSubscriptions();
    this.changes.fireRoot();
  }

  // ------------------------------------------------------------ AzureFleetSource (palette pickers)

  async subscriptions(): Promise<AzureSubscription[]> {
    const all = await this.allSubscriptions();
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
    const node = this.loads.nodes.findScaleSet(ref.id);
    if (node && !fresh && node.instances) return node.instances;
    if (node) {
      const instances = await this.loads.loadInstances(node);
      if (node.error) throw new Error(node.error.message);
      return instances;
    }
    const client = await this.session.getClient();
    return client.listInstances(ref);
  }

  scaleSet(ref: ScaleSetRef): ScaleSet | undefined {
    return this.loads.nodes.findScaleSet(ref.id)?.data;
  }

  dispose(): void {
    this.refresher.dispose();
    this.loads.dispose();
    this.poller.dispose();
    this.changes.dispose();
    this.changed.dispose();
  }
}
