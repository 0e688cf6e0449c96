import type {
  AzureSubscription, EcsInstance, EcsRegion, OperationRequest, ScaleSet, ScaleSetInstance, ScaleSetRef,
} from '../../fleet/model';
import type { Prompter } from '../prompts/prompter';

/** How a flow ends. A plan is the typed request for the engine, with exactly the confirmed targets. */
export type FlowResult<R extends OperationRequest = OperationRequest> =
  | { outcome: 'plan'; plan: R }
  /** The user dismissed a prompt or declined the confirmation: nothing is sent. */
  | { outcome: 'canceled' }
  /** Nothing valid is left to act on: nothing is sent, and the message says why. */
  | { outcome: 'nothingToDo'; message: string };

/** Where the palette pickers get their lists (the tree's caches, refreshed on demand). */
export interface AzureFleetSource {
  subscriptions(): Promise<AzureSubscription[]>;
  scaleSets(subscriptionId: string): Promise<ScaleSet[]>;
  /** `fresh` re-reads from the cloud (used before a whole-scale-set confirmation). */
  instances(scaleSet: ScaleSetRef, fresh?: boolean): Promise<ScaleSetInstance[]>;
  scaleSet(ref: ScaleSetRef): ScaleSet | undefined;
}

export interface VolcengineFleetSource {
  regions(): Promise<EcsRegion[]>;
  instances(regionId: string, fresh?: boolean): Promise<EcsInstance[]>;
}

export interface FlowDeps {
  prompter: Prompter;
}

/** What an Azure command was invoked on: instance nodes, a scale-set node, or nothing (palette). */
export type AzureSelection =
  | { kind: 'instances'; instances: ScaleSetInstance[] }
  | { kind: 'scaleSet'; scaleSet: ScaleSet }
  | { kind: 'none' };

/** What a Volcengine command was invoked on: instance nodes, or nothing (palette). */
export type VolcengineSelection = { kind: 'instances'; instances: EcsInstance[] } | { kind: 'none' };
