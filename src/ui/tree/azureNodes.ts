/**
 * The Azure tree's nodes and the index that finds them by resource id. ARM ids are
 * case-insensitive and ARM answers in mixed casing, so every lookup goes through armIdKey:
 * a listing that spells the resource group in another case updates the node already shown,
 * and an operation's target ids find it whatever their casing. A node keeps the id it was
 * created with (its TreeItem id, so selection and expansion survive) and takes the newest
 * data. No 'vscode' import.
 */
import { armIdKey } from '../../fleet/clouds';
import type { AzureSubscription, ScaleSet, ScaleSetInstance } from '../../fleet/model';
import type { ErrorNode } from './errorNode';

export class SubscriptionNode {
  readonly kind = 'subscription';
  constructor(public data: AzureSubscription) {}
  get id(): string { return `/subscriptions/${this.data.subscriptionId}`; }
}

export class ScaleSetNode {
  readonly kind = 'scaleSet';
  readonly id: string;
  /** Undefined until listed (or after a refresh asked to list again). */
  instances: ScaleSetInstance[] | undefined;
  /** Set when listing the instances failed; shown instead of them. */
  error: ErrorNode | undefined;
  constructor(public data: ScaleSet, readonly parent: SubscriptionNode) {
    this.id = data.id;
  }
}

export class InstanceNode {
  readonly kind = 'instance';
  readonly id: string;
  constructor(public data: ScaleSetInstance, readonly parent: ScaleSetNode) {
    this.id = data.id;
  }
}

export class AzureNodeIndex {
  private readonly scaleSets = new Map<string, ScaleSetNode>();
  private readonly instances = new Map<string, InstanceNode>();

  /** The node for a listed scale set: the one already shown (updated in place) or a new one. */
  scaleSetNode(data: ScaleSet, parent: SubscriptionNode): ScaleSetNode {
    const key = armIdKey(data.id);
    const existing = this.scaleSets.get(key);
    if (existing && existing.parent === parent) { existing.data = data; return existing; }
    const created = new ScaleSetNode(data, parent);
    this.scaleSets.set(key, created);
    return created;
  }

  /** The node for a listed instance: the one already shown (updated in place) or a new one. */
  instanceNode(data: ScaleSetInstance, parent: ScaleSetNode): InstanceNode {
    const key = armIdKey(data.id);
    const existing = this.instances.get(key);
    if (existing && existing.parent === parent) { existing.data = data; return existing; }
    const created = new InstanceNode(data, parent);
    this.instances.set(key, created);
    return created;
  }

  findScaleSet(id: string): ScaleSetNode | undefined {
    return this.scaleSets.get(armIdKey(id));
  }

  findInstance(id: string): InstanceNode | undefined {
    return this.instances.get(armIdKey(id));
  }

  /** The scale-set nodes an operation's scopes name, each once. */
  scaleSetsFor(scopes: readonly string[]): ScaleSetNode[] {
    return [...new Set(scopes.map((id) => this.findScaleSet(id)).filter((n): n is ScaleSetNode => n !== undefined))];
  }

  /** The instance nodes an operation's target ids name, each once. */
  instancesFor(targetIds: readonly string[]): InstanceNode[] {
    return [...new Set(targetIds.map((id) => this.findInstance(id)).filter((n): n is InstanceNode => n !== undefined))];
  }

  allScaleSets(): IterableIterator<ScaleSetNode> {
    return this.scaleSets.values();
  }
}
