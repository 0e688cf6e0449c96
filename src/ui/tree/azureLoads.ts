/**
 * What the Azure view has read and how it reads it: subscriptions, each subscription's scale
 * sets, each scale set's instances (power states come with the list). One read per node at a
 * time (an expand, the read-ahead for counts and a refresh share it); each read updates the
 * nodes in place and then fires what it changed; a throttled read shows its wait on the node
 * and writes one output line; a failed read becomes an error node that leads with the cause
 * and the fix. No 'vscode' import: the tree passes what it needs.
 */
import type { CloudErrorInfo, ScaleSetInstance } from '../../fleet/model';
import type { ThrottleWait } from '../../fleet/waits';
import type { AzureFleetClient } from '../../cloud/azure/index';
import type { AzureViewState } from '../commands/ids';
import { l10n } from '../l10n';
import type { FleetOutput } from '../output';
import type { AzureSession } from '../sessions';
import { UserFacingError } from '../settingsErrors';
import { listingWaitLine } from '../waitWording';
import { AzureNodeIndex, type InstanceNode, type ScaleSetNode, SubscriptionNode } from './azureNodes';
import { ErrorNode } from './errorNode';
import { listingFailureText, localListingFailureText } from './listingFailures';
import { loadingNotice, noInstancesNotice, noScaleSetsNotice, notUsableNotice } from './azureNotices';
import type { NoticeNode } from './noticeNode';
import type { Presented } from './presentation';
import { type TenantNode, tenantNodesRead, tenantPresentation } from './tenantNodes';
import type { TreeChanges } from './treeChanges';

export type AzureNode = SubscriptionNode | ScaleSetNode | InstanceNode | TenantNode | ErrorNode | NoticeNode;
type ResourceNode = SubscriptionNode | ScaleSetNode | InstanceNode;

/** Nothing can be listed or changed in these (ARM's subscription states). */
const UNUSABLE_STATES = new Set(['Disabled', 'Deleted']);

export function canList(subscription: { state: string }): boolean {
  return !UNUSABLE_STATES.has(subscription.state);
}

export interface AzureLoadsDeps {
  session: AzureSession;
  output: FleetOutput;
  changes: TreeChanges<AzureNode>;
  look(node: ResourceNode): Presented;
  shownChildren(node: SubscriptionNode | ScaleSetNode): string;
  selectedSubscriptions(): string[] | undefined;
  setViewState(state: AzureViewState): Thenable<unknown>;
  describeIdentity(): void;
}

export class AzureLoads {
  readonly nodes = new AzureNodeIndex();
  private subscriptionNodes: SubscriptionNode[] | undefined;
  /** Tenants of the account that could not be listed (sign in required, failed), shown after the subscriptions. */
  private tenantNodes: TenantNode[] = [];
  /** A refresh just read the root list and fired the root: the root's getChildren uses that read. */
  private rootJustRead = false;
  private readonly scaleSetLists = new Map<SubscriptionNode, ScaleSetNode[] | ErrorNode>();
  private readonly scaleSetLoads = new Map<SubscriptionNode, Promise<void>>();
  private readonly instanceLoads = new Map<ScaleSetNode, Promise<ScaleSetInstance[]>>();
  private readonly waits = new Map<AzureNode, ThrottleWait>();
  private readonly readAt = new WeakMap<AzureNode, number>();
  private disposed = false;

  constructor(private readonly deps: AzureLoadsDeps) {}

  // ------------------------------------------------------------ children (getChildren)

  async rootChildren(): Promise<AzureNode[]> {
    if (this.rootJustRead && this.subscriptionNodes) {
      this.rootJustRead = false;
      return [...this.subscriptionNodes, ...this.tenantNodes];
    }
    const read = await this.readSubscriptions();
    if (read === 'signedOut') return [];
    if (read instanceof ErrorNode) return [read];
    return [...read, ...this.tenantNodes];
  }

  subscriptionChildren(node: SubscriptionNode): AzureNode[] {
    const children = this.peekSubscriptionChildren(node);
    if (canList(node.data) && !this.scaleSetLists.has(node)) void this.loadScaleSets(node, false);
    return children;
  }

  scaleSetChildren(node: ScaleSetNode, matches: (instance: ScaleSetInstance) => boolean, filterLabels: string[] | undefined): AzureNode[] {
    if (!node.instances && !node.error) void this.loadInstances(node);
    const children = this.peekScaleSetChildren(node, matches);
    return children.length > 0 || !node.instances ? children : [noInstancesNotice(node, filterLabels)];
  }

  /** What subscriptionChildren returns, without starting a read. */
  peekSubscriptionChildren(node: SubscriptionNode): AzureNode[] {
    if (!canList(node.data)) return [notUsableNotice(node)];
    const listed = this.scaleSetLists.get(node);
    if (listed instanceof ErrorNode) return [listed];
    if (listed) return listed.length > 0 ? listed : [noScaleSetsNotice(node)];
    return [loadingNotice(node)];
  }

  /** The instance rows the filter lets through, an error, or "Loading…"; empty when nothing matches. */
  peekScaleSetChildren(node: ScaleSetNode, matches: (instance: ScaleSetInstance) => boolean): AzureNode[] {
    if (node.error) return [node.error];
    if (!node.instances) return [loadingNotice(node)];
    return node.instances.filter(matches).map((instance) => this.nodes.instanceNode(instance, node));
  }

  // ------------------------------------------------------------ reads

  /** Re-reads the subscription list; undefined when the root is being read from scratch instead. */
  async reloadSubscriptions(): Promise<SubscriptionNode[] | undefined> {
    if (!this.subscriptionNodes) {
      this.deps.changes.fireRoot();
      return undefined;
    }
    const rootIds = (): string => [...(this.subscriptionNodes ?? []), ...this.tenantNodes].map((n) => n.id).join('\n');
    const before = rootIds();
    const read = await this.readSubscriptions();
    if (read === 'signedOut' || read instanceof ErrorNode) {
      this.deps.changes.fireRoot();
      return undefined;
    }
    if (rootIds() !== before) {
      this.rootJustRead = true;
      this.deps.changes.fireRoot();
    } else {
      this.fireChanged(read);
      this.deps.changes.fire(this.tenantNodes.filter((n) => this.deps.changes.differs(n, tenantPresentation(n.listing))));
    }
    return read;
  }

  private async readSubscriptions(): Promise<SubscriptionNode[] | ErrorNode | 'signedOut'> {
    let client: AzureFleetClient | undefined;
    const what = l10n.t('the subscriptions');
    try {
      client = await this.deps.session.getClient();
      const listing = client;
      const directory = await listing.observeListing((wait) => this.waited(undefined, what, wait), () => listing.listDirectory());
      const subscriptions = directory.subscriptions;
      this.tenantNodes = tenantNodesRead(directory.tenants, this.tenantNodes, this.deps.output);
      const selected = this.deps.selectedSubscriptions();
      const shown = selected ? subscriptions.filter((s) => selected.includes(s.subscriptionId)) : subscriptions;
      this.subscriptionNodes = shown.map((s) => {
        const existing = this.subscriptionNodes?.find((n) => n.data.subscriptionId === s.subscriptionId);
        if (existing) { existing.data = s; return existing; }
        return new SubscriptionNode(s);
      });
      this.deps.describeIdentity();
      await this.deps.setViewState(this.subscriptionNodes.length === 0 && this.tenantNodes.length === 0 ? 'noSubscriptions' : 'ready');
      return this.subscriptionNodes;
    } catch (error) {
      this.subscriptionNodes = undefined;
      const info = error instanceof UserFacingError ? undefined : client?.toCloudError(error, what);
      if ((error instanceof UserFacingError && error.fix === 'signIn') || info?.category === 'authentication') {
        this.deps.output.log('warn', l10n.t('Azure: not signed in ({0}).', info ? `${info.code}: ${info.message}` : errorMessage(error)));
        this.deps.describeIdentity();
        await this.deps.setViewState('signedOut');
        return 'signedOut';
      }
      await this.deps.setViewState('error');
      return this.failed('azure#error', what, error, info, () => this.deps.changes.fireRoot());
    }
  }

  /** The subscription's scale sets; `retryError`: a failed list is read again (the user asked). */
  loadScaleSets(node: SubscriptionNode, retryError: boolean): Promise<void> {
    if (!retryError && this.scaleSetLists.get(node) instanceof ErrorNode) return Promise.resolve();
    const inFlight = this.scaleSetLoads.get(node);
    if (inFlight) return inFlight;
    const load = this.readScaleSets(node).finally(() => this.scaleSetLoads.delete(node));
    this.scaleSetLoads.set(node, load);
    return load;
  }

  private async readScaleSets(node: SubscriptionNode): Promise<void> {
    const before = this.deps.shownChildren(node);
    const what = l10n.t('the scale sets of {0}', node.data.displayName);
    let client: AzureFleetClient | undefined;
    try {
      client = await this.deps.session.getClient();
      const listing = client;
      const scaleSets = await listing.observeListing((wait) => this.waited(node, what, wait), () => listing.listScaleSets(node.data.subscriptionId));
      if (this.disposed) return;
      const nodes = scaleSets.map((s) => this.nodes.scaleSetNode(s, node));
      this.scaleSetLists.set(node, nodes);
      // Every scale-set row shows "n/m running": read the lists behind the counts (the client bounds them per subscription).
      for (const scaleSet of nodes) if (!scaleSet.instances && !scaleSet.error) void this.loadInstances(scaleSet);
    } catch (error) {
      const info = error instanceof UserFacingError ? undefined : client?.toCloudError(error, what);
      this.scaleSetLists.set(node, this.failed(`${node.id}#error`, what, error, info, () => {
        this.scaleSetLists.delete(node);
        this.deps.changes.fire([node]);
      }));
    }
    this.done(node);
    this.announce(node, before, () => {
      const listed = this.scaleSetLists.get(node);
      return Array.isArray(listed) ? listed : [];
    });
  }

  /** Reads a scale set's instances; an expand, the read-ahead and a refresh asking at once share one listing. */
  loadInstances(node: ScaleSetNode): Promise<ScaleSetInstance[]> {
    const inFlight = this.instanceLoads.get(node);
    if (inFlight) return inFlight;
    const load = this.readInstances(node).finally(() => this.instanceLoads.delete(node));
    this.instanceLoads.set(node, load);
    return load;
  }

  private async readInstances(node: ScaleSetNode): Promise<ScaleSetInstance[]> {
    const before = this.deps.shownChildren(node);
    const what = l10n.t('the instances of {0}', node.data.name);
    let client: AzureFleetClient | undefined;
    let instances: ScaleSetInstance[] = [];
    try {
      client = await this.deps.session.getClient();
      const listing = client;
      instances = await listing.observeListing((wait) => this.waited(node, what, wait), () => listing.listInstances(node.data));
      node.instances = instances;
      node.error = undefined;
      for (const instance of instances) this.nodes.instanceNode(instance, node);
    } catch (error) {
      const info = error instanceof UserFacingError ? undefined : client?.toCloudError(error, what);
      node.error = this.failed(`${node.id}#error`, what, error, info, () => {
        node.error = undefined;
        node.instances = undefined;
        this.deps.changes.fire([node]);
      });
    }
    this.done(node);
    this.announce(node, before, () => (node.instances ?? []).map((instance) => this.nodes.instanceNode(instance, node)));
    return instances;
  }

  // ------------------------------------------------------------ what changed

  /** Children changed → fire the node (VS Code re-reads them); else fire only the rows that look different. */
  private announce(node: SubscriptionNode | ScaleSetNode, before: string, children: () => ResourceNode[]): void {
    if (this.disposed) return;
    if (this.deps.shownChildren(node) !== before) {
      this.deps.changes.fire([node], true);
      return;
    }
    this.fireChanged([node, ...children()]);
  }

  private fireChanged(nodes: ResourceNode[]): void {
    this.deps.changes.fire(nodes.filter((n) => this.deps.changes.differs(n, this.deps.look(n))));
  }

  private waited(node: ScaleSetNode | SubscriptionNode | undefined, what: string, wait: ThrottleWait): void {
    this.deps.output.log('warn', listingWaitLine('Azure', what, wait));
    if (!node || this.disposed) return;
    this.waits.set(node, wait);
    this.fireChanged([node]);
  }

  private done(node: ScaleSetNode | SubscriptionNode): void {
    this.waits.delete(node);
    this.readAt.set(node, Date.now());
  }

  private failed(id: string, what: string, error: unknown, info: CloudErrorInfo | undefined, retry: () => void): ErrorNode {
    if (!info) {
      const text = localListingFailureText(what, errorMessage(error));
      this.deps.output.log('error', l10n.t('Azure: listing {0} failed: {1}', what, text.headline));
      return new ErrorNode(id, text.headline, retry, text.detail);
    }
    const text = listingFailureText(what, info);
    this.deps.output.cloudError(l10n.t('Azure: listing {0} failed: {1}', what, text.headline), info);
    return new ErrorNode(id, text.headline, retry, text.detail);
  }

  waitOf(node: AzureNode): ThrottleWait | undefined {
    return this.waits.get(node);
  }

  listedScaleSets(node: SubscriptionNode): ScaleSetNode[] | undefined {
    const listed = this.scaleSetLists.get(node);
    return Array.isArray(listed) ? listed : undefined;
  }

  /** Not read within `ms` (so it may show what was true before it was closed). */
  isStale(node: AzureNode, ms: number): boolean {
    const at = this.readAt.get(node);
    return at === undefined || Date.now() - at >= ms;
  }

  /** The subscription selection changed: the next root read starts over. */
  forgetSubscriptions(): void {
    this.subscriptionNodes = undefined;
  }

  dispose(): void {
    this.disposed = true;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
