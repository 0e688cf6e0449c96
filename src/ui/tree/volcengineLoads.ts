/**
 * What the Volcengine view has read and how it reads it: the regions, each region's instances.
 * Every region row shows "n/m running", so each region's instances are read as soon as the
 * region list is (and on every refresh: region rows are always on screen). One read per region
 * at a time; each read updates nodes in place and fires what changed; a throttled read shows
 * its wait on the region and writes one output line; a failed read becomes an error node that
 * leads with the cause and the fix. No 'vscode' import.
 */
import type { CloudErrorInfo, EcsInstance } from '../../fleet/model';
import type { ThrottleWait } from '../../fleet/waits';
import { VOLCENGINE_CLOUD } from '../../fleet/clouds';
import type { VolcengineClient } from '../../cloud/volcengine/index';
import type { CallHooks } from '../../cloud/volcengine/transport';
import type { VolcengineViewState } from '../commands/ids';
import { loadCloud } from '../cloudModule';
import { l10n } from '../l10n';
import type { FleetOutput } from '../output';
import type { VolcengineSession } from '../sessions';
import { UserFacingError } from '../settingsErrors';
import { listingWaitLine } from '../waitWording';
import { ErrorNode } from './errorNode';
import { listingFailureText, localListingFailureText } from './listingFailures';
import { NoticeNode } from './noticeNode';
import type { Presented } from './presentation';
import type { TreeChanges } from './treeChanges';
import { regionDisplayName } from './volcenginePresentation';

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

export type VolcengineNode = RegionNode | EcsInstanceNode | ErrorNode | NoticeNode;

/** Instance ids name one target whatever their case (the engine folds it too). */
const targetKey = (instanceId: string): string => VOLCENGINE_CLOUD.targetKey(instanceId);

export interface VolcengineLoadsDeps {
  session: VolcengineSession;
  configuredRegions: () => string[];
  output: FleetOutput;
  changes: TreeChanges<VolcengineNode>;
  look(node: RegionNode | EcsInstanceNode): Presented;
  shownChildren(node: RegionNode): string;
  setViewState(state: VolcengineViewState): Thenable<unknown>;
  describeIdentity(): void;
}

export class VolcengineLoads {
  regionNodes: RegionNode[] | undefined;
  private readonly instanceNodes = new Map<string, EcsInstanceNode>();
  private readonly regionLoads = new Map<RegionNode, Promise<EcsInstance[]>>();
  private readonly waits = new Map<RegionNode, ThrottleWait>();
  private readonly readAt = new WeakMap<RegionNode, number>();
  private rootJustRead = false;
  private disposed = false;

  constructor(private readonly deps: VolcengineLoadsDeps) {}

  async rootChildren(): Promise<VolcengineNode[]> {
    if (this.rootJustRead && this.regionNodes) {
      this.rootJustRead = false;
      return this.regionNodes;
    }
    const read = await this.readRegions();
    return read === 'noCredentials' ? [] : read instanceof ErrorNode ? [read] : read;
  }

  regionChildren(node: RegionNode, matches: (instance: EcsInstance) => boolean, filterLabels: string[] | undefined): VolcengineNode[] {
    if (!node.instances && !node.error) void this.loadRegion(node);
    const children = this.peekRegionChildren(node, matches);
    if (children.length > 0 || !node.instances) return children;
    return [node.instances.length === 0
      ? new NoticeNode(`${node.id}#empty`, l10n.t('No instances in this region.'), 'info')
      : new NoticeNode(`${node.id}#filtered`, l10n.t('No instance is {0} (filter by status).', (filterLabels ?? []).join(', ')), 'filtered')];
  }

  peekRegionChildren(node: RegionNode, matches: (instance: EcsInstance) => boolean): VolcengineNode[] {
    if (node.error) return [node.error];
    if (!node.instances) return [new NoticeNode(`${node.id}#loading`, l10n.t('Loading…'), 'loading')];
    return node.instances.filter(matches).map((instance) => this.instanceNode(instance, node));
  }

  /** Re-reads the region list; undefined when the root is being read from scratch instead. */
  async reloadRegions(): Promise<RegionNode[] | undefined> {
    if (!this.regionNodes) {
      this.deps.changes.fireRoot();
      return undefined;
    }
    const before = this.regionNodes.map((n) => n.id).join('\n');
    const read = await this.readRegions();
    if (read === 'noCredentials' || read instanceof ErrorNode) {
      this.deps.changes.fireRoot();
      return undefined;
    }
    if (read.map((n) => n.id).join('\n') !== before) {
      this.rootJustRead = true;
      this.deps.changes.fireRoot();
    }
    return read;
  }

  private async readRegions(): Promise<RegionNode[] | ErrorNode | 'noCredentials'> {
    const what = l10n.t('the regions');
    try {
      const created = await this.deps.session.getClient();
      if (!created) {
        this.regionNodes = undefined;
        this.deps.describeIdentity();
        await this.deps.setViewState('noCredentials');
        return 'noCredentials';
      }
      const configured = this.deps.configuredRegions();
      const regionIds = configured.length > 0 ? configured : (await created.client.listRegions(this.hooks(undefined, what))).map((r) => r.regionId);
      this.regionNodes = regionIds.map((id) => this.regionNodes?.find((n) => n.regionId === id) ?? new RegionNode(id));
      this.deps.describeIdentity();
      await this.deps.setViewState(this.regionNodes.length === 0 ? 'noRegions' : 'ready');
      // Every region row shows "n/m running": read the lists behind the counts now (bounded per region by the client).
      for (const region of this.regionNodes) if (!region.instances && !region.error) void this.loadRegion(region);
      return this.regionNodes;
    } catch (error) {
      this.regionNodes = undefined;
      await this.deps.setViewState('error');
      return this.failed('volcengine#error', what, error, () => this.deps.changes.fireRoot());
    }
  }

  /** One read per region at a time: an expand, the read-ahead and a refresh asking at once share it. */
  loadRegion(node: RegionNode): Promise<EcsInstance[]> {
    const inFlight = this.regionLoads.get(node);
    if (inFlight) return inFlight;
    const load = this.readRegion(node).finally(() => this.regionLoads.delete(node));
    this.regionLoads.set(node, load);
    return load;
  }

  private async readRegion(node: RegionNode): Promise<EcsInstance[]> {
    const before = this.deps.shownChildren(node);
    const what = l10n.t('the instances in {0}', regionDisplayName(node.regionId));
    let instances: EcsInstance[] = [];
    try {
      const client: VolcengineClient = await this.deps.session.requireClient();
      instances = await client.listInstances(node.regionId, undefined, this.hooks(node, what));
      node.instances = instances;
      node.error = undefined;
      for (const instance of instances) this.instanceNode(instance, node);
    } catch (error) {
      node.error = await this.failed(`${node.id}#error`, what, error, () => {
        node.error = undefined;
        node.instances = undefined;
        this.deps.changes.fire([node]);
      });
    }
    this.waits.delete(node);
    this.readAt.set(node, Date.now());
    if (this.disposed) return instances;
    if (this.deps.shownChildren(node) !== before) this.deps.changes.fire([node], true);
    else this.fireChanged([node, ...(node.instances ?? []).map((instance) => this.instanceNode(instance, node))]);
    return instances;
  }

  private hooks(node: RegionNode | undefined, what: string): CallHooks {
    return {
      onThrottled: ({ waitMs, askedByCloud, code, requestId, httpStatus }) => {
        const wait: ThrottleWait = {
          waitSeconds: waitMs / 1000, askedByCloud, code,
          ...(requestId ? { requestId } : {}), ...(httpStatus ? { httpStatus } : {}),
        };
        this.deps.output.log('warn', listingWaitLine('Volcengine', what, wait));
        if (!node || this.disposed) return;
        this.waits.set(node, wait);
        this.fireChanged([node]);
      },
    };
  }

  private fireChanged(nodes: Array<RegionNode | EcsInstanceNode>): void {
    this.deps.changes.fire(nodes.filter((n) => this.deps.changes.differs(n, this.deps.look(n))));
  }

  private async failed(id: string, what: string, error: unknown, retry: () => void): Promise<ErrorNode> {
    if (error instanceof UserFacingError) {
      const text = localListingFailureText(what, error.message);
      this.deps.output.log('error', l10n.t('Volcengine: listing {0} failed: {1}', what, text.headline));
      return new ErrorNode(id, text.headline, retry, text.detail);
    }
    const cloud = await loadCloud().catch(() => undefined);
    const info: CloudErrorInfo = cloud?.volcengine.toCloudErrorInfo(error)
      ?? { cloud: 'volcengine', code: 'UnexpectedError', message: error instanceof Error ? error.message : String(error), category: 'unknown' };
    const text = listingFailureText(what, info);
    this.deps.output.cloudError(l10n.t('Volcengine: listing {0} failed: {1}', what, text.headline), info);
    return new ErrorNode(id, text.headline, retry, text.detail);
  }

  instanceNode(instance: EcsInstance, parent: RegionNode): EcsInstanceNode {
    const key = `${instance.regionId}:${instance.instanceId}`;
    const existing = this.instanceNodes.get(key);
    if (existing && existing.parent === parent) { existing.data = instance; return existing; }
    const created = new EcsInstanceNode(instance, parent);
    this.instanceNodes.set(key, created);
    return created;
  }

  instancesFor(instanceIds: readonly string[]): EcsInstanceNode[] {
    const wanted = new Set(instanceIds.map(targetKey));
    return [...this.instanceNodes.values()].filter((node) => wanted.has(targetKey(node.data.instanceId)));
  }

  region(regionId: string): RegionNode | undefined {
    return this.regionNodes?.find((n) => n.regionId === regionId);
  }

  waitOf(node: RegionNode): ThrottleWait | undefined {
    return this.waits.get(node);
  }

  isStale(node: RegionNode, ms: number): boolean {
    const at = this.readAt.get(node);
    return at === undefined || Date.now() - at >= ms;
  }

  dispose(): void {
    this.disposed = true;
  }
}
