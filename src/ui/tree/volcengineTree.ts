/**
 * The "Volcengine ECS" view: region (localized name) → instance. One failing region shows an
 * error node with a retry; the others are still listed. Like the Azure view, a refresh reads
 * first and fires only what changed (treeChanges.ts), and getChildren below the root never
 * waits for the network. Loading, errors and waits: volcengineLoads.ts.
 */
import * as vscode from 'vscode';
import type { EcsInstance, EcsRegion, EcsStatus } from '../../fleet/model';
import type { CloudTree } from '../clouds/cloudUi';
import { ContextKeys } from '../commands/ids';
import type { VolcengineFleetSource } from '../flows/types';
import type { FleetOutput } from '../output';
import type { VolcengineSession } from '../sessions';
import { ecsStatusIsTransitional } from '../targets';
import { waitOnNode } from '../waitWording';
import { AutoRefresher, type RefreshReason } from './autoRefresh';
import { ExpansionState, type StateStore } from './expansion';
import type { PendingOperations } from './pending';
import type { Presented } from './presentation';
import { SettlePoller } from './settlePoller';
import { StateFilter, viewDescription } from './stateFilter';
import { TreeChanges } from './treeChanges';
import { errorItem, noticeItem, presentedItem } from './treeItems';
import { EcsInstanceNode, RegionNode, type VolcengineNode, VolcengineLoads } from './volcengineLoads';
import { ECS_STATUSES, ecsInstancePresentation, ecsStatusLabel, regionPresentation } from './volcenginePresentation';

export { EcsInstanceNode, RegionNode, type VolcengineNode } from './volcengineLoads';

export interface VolcengineTreeOptions {
  session: VolcengineSession;
  configuredRegions: () => string[];
  /** Workspace state: what is expanded and the status filter. */
  viewState: StateStore;
  output: FleetOutput;
  pending: PendingOperations;
  pollIntervalMs: () => number;
  autoRefreshMs: () => number;
}

export class VolcengineTreeProvider implements vscode.TreeDataProvider<VolcengineNode>, VolcengineFleetSource, CloudTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VolcengineNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the wiring: the view's title-bar description (never a secret). */
  describeView: (description: string | undefined) => void = () => undefined;
  /** Set by the wiring: runs a refresh under the view's own progress bar. */
  withViewProgress: (work: () => Promise<void>) => Promise<void> = (work) => work();

  readonly expansion: ExpansionState;
  readonly filter: StateFilter<EcsStatus>;
  readonly refresher: AutoRefresher;
  private readonly changes = new TreeChanges<VolcengineNode>((change) => this.changed.fire(change));
  private readonly loads: VolcengineLoads;
  private readonly poller: SettlePoller;
  private readonly session: VolcengineSession;

  constructor(private readonly options: VolcengineTreeOptions) {
    this.session = options.session;
    this.expansion = new ExpansionState(options.viewState, 'fleetPower.volcengine.expanded');
    this.filter = new StateFilter(options.viewState, 'fleetPower.volcengine.stateFilter', ECS_STATUSES);
    this.loads = new VolcengineLoads({
      session: options.session,
      configuredRegions: options.configuredRegions,
      output: options.output,
      changes: this.changes,
      look: (node) => this.look(node),
      shownChildren: (node) => this.loads.peekRegionChildren(node, (i) => this.filter.matches(i.status)).map((c) => c.id).join('\n'),
      setViewState: (state) => vscode.commands.executeCommand('setContext', ContextKeys.volcengineState, state),
      describeIdentity: () => this.updateDescription(),
    });
    this.poller = new SettlePoller(options.pollIntervalMs);
    this.refresher = new AutoRefresher((reason) => this.withViewProgress(() => this.reloadVisible(reason)), options.autoRefreshMs);
    this.updateDescription();
  }

  getTreeItem(node: VolcengineNode): vscode.TreeItem {
    if (node.kind === 'error') return errorItem(node);
    if (node.kind === 'notice') return noticeItem(node);
    const presented = this.look(node);
    this.changes.shownAs(node, presented);
    const collapsible = node.kind === 'ecsInstance' ? vscode.TreeItemCollapsibleState.None
      : this.expansion.isExpanded(node.id) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    return presentedItem(node.id, presented, collapsible);
  }

  private look(node: RegionNode | EcsInstanceNode): Presented {
    if (node.kind === 'ecsInstance') return ecsInstancePresentation(node.data, this.options.pending.get(node.data.instanceId));
    const presented = regionPresentation(node.regionId, node.instances, this.session.source);
    const wait = this.loads.waitOf(node);
    return wait ? { ...presented, description: `${presented.description} · ${waitOnNode(wait)}` } : presented;
  }

  getParent(node: VolcengineNode): VolcengineNode | undefined {
    return node.kind === 'ecsInstance' ? node.parent : undefined;
  }

  getChildren(node?: VolcengineNode): Promise<VolcengineNode[]> {
    return this.changes.whileFetching(this.children(node), node);
  }

  private async children(node?: VolcengineNode): Promise<VolcengineNode[]> {
    if (!node) return this.loads.rootChildren();
    if (node.kind !== 'region') return [];
    return this.loads.regionChildren(node, (i) => this.filter.matches(i.status), this.filter.states?.map(ecsStatusLabel));
  }

  // ------------------------------------------------------------ refresh

  /** Region rows are always on screen with their counts: every region's instances are read again. */
  private async reloadVisible(reason: RefreshReason): Promise<void> {
    if (reason === 'user') this.session.invalidate();
    const regions = await this.loads.reloadRegions();
    if (!regions) return;
    // A failed region is read again only when the user asked: an automatic round never repeats an error.
    await Promise.all(regions.filter((r) => reason === 'user' || !r.error).map((region) => this.loads.loadRegion(region)));
  }

  refresh(): void {
    void this.refresher.refreshNow();
  }

  refreshNode(node: unknown): boolean {
    const region = node instanceof RegionNode ? node : node instanceof EcsInstanceNode ? node.parent : undefined;
    if (!region) return false;
    void this.withViewProgress(async () => { await this.loads.loadRegion(region); });
    return true;
  }

  expanded(node: VolcengineNode, expanded: boolean): void {
    if (node.kind !== 'region') return;
    this.expansion.set(node.id, expanded);
    const interval = this.options.autoRefreshMs();
    if (expanded && interval > 0 && this.loads.isStale(node, interval)) this.refreshNode(node);
  }

  autoRefreshChanged(): void {
    this.refresher.intervalChanged();
  }

  repaint(instanceIds: readonly string[]): void {
    this.changes.fire(this.loads.instancesFor(instanceIds));
  }

  /** Re-read the regions an operation touched; keep re-reading while a target is still changing. */
  async refreshTargets(regionIds: readonly string[], instanceIds: readonly string[]): Promise<void> {
    const regions = [...new Set(regionIds)].map((id) => this.loads.region(id)).filter((n): n is RegionNode => n !== undefined);
    await this.poller.watch(
      async () => { await Promise.all(regions.map((node) => this.loads.loadRegion(node))); },
      () => this.loads.instancesFor(instanceIds).some((node) => ecsStatusIsTransitional(node.data.status)),
    );
  }

  async nodesFor(instanceIds: readonly string[], regionIds: readonly string[]): Promise<EcsInstanceNode[]> {
    const regions = [...new Set(regionIds)].map((id) => this.loads.region(id)).filter((n): n is RegionNode => n !== undefined && !n.instances);
    await Promise.all(regions.map((node) => this.loads.loadRegion(node)));
    return this.loads.instancesFor(instanceIds);
  }

  // ------------------------------------------------------------ status filter

  async setFilter(states: readonly EcsStatus[] | undefined): Promise<void> {
    await this.filter.set(states);
    this.updateDescription();
    this.changes.fire((this.loads.regionNodes ?? []).filter((n) => n.instances !== undefined));
  }

  private updateDescription(): void {
    this.describeView(viewDescription(this.session.sourceShort, this.filter.states?.map(ecsStatusLabel)));
    void vscode.commands.executeCommand('setContext', ContextKeys.volcengineFiltered, this.filter.active);
  }

  // ------------------------------------------------------------ VolcengineFleetSource

  async regions(): Promise<EcsRegion[]> {
    const client = await this.session.requireClient();
    const configured = this.options.configuredRegions();
    if (configured.length > 0) return configured.map((regionId) => ({ regionId }));
    return (await client.listRegions()).map((r) => ({ regionId: r.regionId }));
  }

  async instances(regionId: string, fresh = false): Promise<EcsInstance[]> {
    const node = this.loads.region(regionId);
    if (node && node.instances && !fresh) return node.instances;
    if (node) {
      const instances = await this.loads.loadRegion(node);
      if (node.error) throw new Error(node.error.message);
      return instances;
    }
    const client = await this.session.requireClient();
    return client.listInstances(regionId);
  }

  dispose(): void {
    this.refresher.dispose();
    this.loads.dispose();
    this.poller.dispose();
    this.changes.dispose();
    this.changed.dispose();
  }
}
