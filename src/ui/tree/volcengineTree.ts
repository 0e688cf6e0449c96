/**
 * The "Volcengine ECS" view: region (localized name) → instance. One failing region shows
 * an error node with a retry; the others are still listed.
 */
import * as vscode from 'vscode';
import type { EcsInstance, EcsRegion } from '../../fleet/model';
import type { VolcengineClient } from '../../cloud/volcengine/index';
import { VOLCENGINE_CLOUD } from '../../fleet/clouds';
import type { CloudTree } from '../clouds/cloudUi';
import { ContextKeys, type VolcengineViewState } from '../commands/ids';
import { describeCloudError } from '../errorMessages';
import type { VolcengineFleetSource } from '../flows/types';
import { l10n } from '../l10n';
import { loadCloud } from '../cloudModule';
import type { FleetOutput } from '../output';
import type { VolcengineSession } from '../sessions';
import { UserFacingError } from '../settingsErrors';
import { ecsStatusIsTransitional } from '../targets';
import { ErrorNode } from './errorNode';
import type { PendingOperations } from './pending';
import { ecsInstancePresentation, regionDisplayName, regionPresentation } from './volcenginePresentation';
import { SettlePoller } from './settlePoller';
import { errorItem, presentedItem } from './treeItems';

export class RegionNode {
  readonly kind = 'region';
  instances: EcsInstance[] | undefined;
  error: ErrorNode | undefined;
  constructor(readonly regionId: string) {}
  get id(): string { return `volcengine:${this.regionId}`; }
}

export class EcsInstanceNode {
  readonly kind = 'ecsInstance';
  constructor(public data: EcsInstance, readonly parent: RegionNode) {}
  get id(): string { return `volcengine:${this.data.regionId}:${this.data.instanceId}`; }
}

export type VolcengineNode = RegionNode | EcsInstanceNode | ErrorNode;

/** Instance ids name one target whatever their case (the engine folds it too). */
const targetKey = (instanceId: string): string => VOLCENGINE_CLOUD.targetKey(instanceId);

export class VolcengineTreeProvider implements vscode.TreeDataProvider<VolcengineNode>, VolcengineFleetSource, CloudTree, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<VolcengineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Set by the wiring: shows where the identity comes from in the view's title bar (never a secret). */
  describeView: (description: string | undefined) => void = () => undefined;
  private regionNodes: RegionNode[] | undefined;
  private readonly instanceNodes = new Map<string, EcsInstanceNode>();
  private readonly poller: SettlePoller;

  constructor(
    private readonly session: VolcengineSession,
    private readonly configuredRegions: () => string[],
    private readonly output: FleetOutput,
    private readonly pending: PendingOperations,
    pollIntervalMs: () => number,
  ) {
    this.poller = new SettlePoller(pollIntervalMs);
  }

  getTreeItem(node: VolcengineNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region':
        return presentedItem(node.id, regionPresentation(node.regionId, node.instances, this.session.source), vscode.TreeItemCollapsibleState.Collapsed);
      case 'ecsInstance':
        return presentedItem(node.id, ecsInstancePresentation(node.data, this.pending.get(node.data.instanceId)), vscode.TreeItemCollapsibleState.None);
      case 'error':
        return errorItem(node);
    }
  }

  getParent(node: VolcengineNode): VolcengineNode | undefined {
    return node.kind === 'ecsInstance' ? node.parent : undefined;
  }

  async getChildren(node?: VolcengineNode): Promise<VolcengineNode[]> {
    if (!node) return this.rootChildren();
    if (node.kind !== 'region') return [];
    if (!node.instances && !node.error) await this.loadRegion(node);
    if (node.error) return [node.error];
    return (node.instances ?? []).map((instance) => this.instanceNode(instance, node));
  }

  private async setViewState(state: VolcengineViewState): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.volcengineState, state);
  }

  private async rootChildren(): Promise<VolcengineNode[]> {
    try {
      const created = await this.session.getClient();
      if (!created) {
        this.describeView(undefined);
        await this.setViewState('noCredentials');
        return [];
      }
      const regionIds = await this.regionIds(created.client);
      this.regionNodes = regionIds.map((id) => this.regionNodes?.find((n) => n.regionId === id) ?? new RegionNode(id));
      this.describeView(this.session.sourceShort);
      await this.setViewState(this.regionNodes.length === 0 ? 'noRegions' : 'ready');
      return this.regionNodes;
    } catch (error) {
      const text = await this.describe(error, l10n.t('regions'));
      await this.setViewState('error');
      return [new ErrorNode('volcengine#error', l10n.t('Could not list regions: {0}', text), () => this.refresh())];
    }
  }

  private async regionIds(client: VolcengineClient): Promise<string[]> {
    const configured = this.configuredRegions();
    if (configured.length > 0) return configured;
    return (await client.listRegions()).map((r) => r.regionId);
  }

  private instanceNode(instance: EcsInstance, parent: RegionNode): EcsInstanceNode {
    const key = `${instance.regionId}:${instance.instanceId}`;
    const existing = this.instanceNodes.get(key);
    if (existing && existing.parent === parent) { existing.data = instance; return existing; }
    const created = new EcsInstanceNode(instance, parent);
    this.instanceNodes.set(key, created);
    return created;
  }

  private async describe(error: unknown, what: string): Promise<string> {
    if (error instanceof UserFacingError) {
      this.output.log('error', l10n.t('Volcengine: {0}', error.message));
      return error.message;
    }
    const cloud = await loadCloud().catch(() => undefined);
    if (!cloud) return error instanceof Error ? error.message : String(error);
    const info = cloud.volcengine.toCloudErrorInfo(error);
    this.output.cloudError(l10n.t('Volcengine: listing {0} failed.', what), info);
    return describeCloudError('list', info, what).message;
  }

  private async loadRegion(node: RegionNode): Promise<EcsInstance[]> {
    try {
      const client = await this.session.requireClient();
      const instances = await client.listInstances(node.regionId);
      node.instances = instances;
      node.error = undefined;
      for (const instance of instances) this.instanceNode(instance, node);
      return instances;
    } catch (error) {
      const text = await this.describe(error, regionDisplayName(node.regionId));
      node.instances = undefined;
      node.error = new ErrorNode(`${node.id}#error`, l10n.t('Could not list instances: {0}', text), () => {
        node.error = undefined;
        this.changed.fire(node);
      });
      return [];
    }
  }

  refresh(node?: VolcengineNode): void {
    if (!node) {
      for (const region of this.regionNodes ?? []) { region.instances = undefined; region.error = undefined; }
      this.session.invalidate();
      this.changed.fire(undefined);
      return;
    }
    if (node.kind === 'error') { node.retry(); return; }
    const region = node.kind === 'region' ? node : node.parent;
    region.instances = undefined;
    region.error = undefined;
    this.changed.fire(region);
  }

  refreshNode(node: unknown): boolean {
    if (!(node instanceof RegionNode || node instanceof EcsInstanceNode)) return false;
    this.refresh(node);
    return true;
  }

  repaint(instanceIds: readonly string[]): void {
    for (const node of this.instancesFor(instanceIds)) this.changed.fire(node);
  }

  private instancesFor(instanceIds: readonly string[]): EcsInstanceNode[] {
    const wanted = new Set(instanceIds.map(targetKey));
    return [...this.instanceNodes.values()].filter((node) => wanted.has(targetKey(node.data.instanceId)));
  }

  /** Re-read the regions an operation touched; keep re-reading while a target is still changing. */
  async refreshTargets(regionIds: readonly string[], instanceIds: readonly string[]): Promise<void> {
    const regions = [...new Set(regionIds)].map((id) => this.regionNodes?.find((n) => n.regionId === id)).filter((n): n is RegionNode => n !== undefined);
    await this.poller.watch(
      async () => {
        for (const node of regions) {
          await this.loadRegion(node);
          this.changed.fire(node);
        }
      },
      () => this.instancesFor(instanceIds).some((node) => ecsStatusIsTransitional(node.data.status)),
    );
  }

  // ------------------------------------------------------------ VolcengineFleetSource

  async regions(): Promise<EcsRegion[]> {
    const client = await this.session.requireClient();
    return (await this.regionIds(client)).map((regionId) => ({ regionId }));
  }

  async instances(regionId: string, fresh = false): Promise<EcsInstance[]> {
    const node = this.regionNodes?.find((n) => n.regionId === regionId);
    if (node && node.instances && !fresh) return node.instances;
    if (node) {
      const instances = await this.loadRegion(node);
      this.changed.fire(node);
      if (node.error) throw new Error(node.error.message);
      return instances;
    }
    const client = await this.session.requireClient();
    return client.listInstances(regionId);
  }

  dispose(): void {
    this.poller.dispose();
    this.changed.dispose();
  }
}
