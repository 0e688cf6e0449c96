import type {
  AzureSubscription, DeallocateOptions, EcsInstance, EcsRegion, OperationKind, OperationTarget,
  PerformMaintenanceOptions, PowerOffOptions, ScaleSet, ScaleSetInstance, ScaleSetRef, StopInstanceOptions,
} from '../../fleet/model';
import type { Prompter } from '../prompts/prompter';

/** What the user chose: one operation for the engine, with exactly the confirmed targets. */
export type OperationPlan =
  | { kind: 'azure.powerOff'; targets: OperationTarget[]; options: PowerOffOptions; instances: ScaleSetInstance[] }
  | { kind: 'azure.deallocate'; targets: OperationTarget[]; options: DeallocateOptions; instances: ScaleSetInstance[] }
  | { kind: 'azure.performMaintenance'; targets: OperationTarget[]; options: PerformMaintenanceOptions; instances: ScaleSetInstance[] }
  | { kind: 'volcengine.stopInstance'; targets: OperationTarget[]; options: StopInstanceOptions; instances: EcsInstance[] };

export type FlowResult<P extends OperationPlan = OperationPlan> =
  | { outcome: 'plan'; plan: P }
  /** The user dismissed a prompt or declined the confirmation: nothing is sent. */
  | { outcome: 'canceled' }
  /** Nothing valid is left to act on: nothing is sent, and the message says why. */
  | { outcome: 'nothingToDo'; message: string };

export type PlanKind = OperationKind;

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

/** What the command was invoked on: instance nodes, a scale-set node, or nothing (palette). */
export type AzureSelection =
  | { kind: 'instances'; instances: ScaleSetInstance[] }
  | { kind: 'scaleSet'; scaleSet: ScaleSet }
  | { kind: 'none' };
