/**
 * What a power action (stop, start, reboot) sends and what a reload needs to keep waiting for
 * it. Pure: no SDK, no I/O.
 */
import { deriveClientToken } from '../../fleet/clientToken';
import type { OperationTarget } from '../../fleet/model';
import { planBatches } from '../../fleet/planner';
import { MAX_IDS_PER_CALL, type BatchInstanceAction, type SingleInstanceAction } from './ecs';

/** A power action's two API forms: one instance (DryRun allowed) and a batch of ≤ 100 (no DryRun). */
export interface PowerActions {
  single: SingleInstanceAction;
  batch: BatchInstanceAction;
}

/** The three power actions of ECS 2020-04-01, by what they do. */
export const POWER_ACTIONS = {
  stop: { single: 'StopInstance', batch: 'StopInstances' },
  start: { single: 'StartInstance', batch: 'StartInstances' },
  reboot: { single: 'RebootInstance', batch: 'RebootInstances' },
} as const satisfies Record<string, PowerActions>;

export interface PowerCall {
  action: SingleInstanceAction | BatchInstanceAction;
  regionId: string;
  instanceIds: string[];
  clientToken: string;
  dryRun: boolean;
}

/**
 * One instance → the single action with the action's token. Several → the batch action per
 * region in batches of ≤ 100, each with `${token}-bN`. DryRun with several → the single action
 * DryRun per instance (`${token}-cN`), since the batch actions have no DryRun.
 */
export function planPowerCalls(
  targets: readonly Pick<OperationTarget, 'id' | 'scope'>[],
  actions: PowerActions,
  options: { clientToken: string; dryRun: boolean },
): PowerCall[] {
  const batches = planBatches(targets, MAX_IDS_PER_CALL);
  const all = batches.flatMap((batch) => batch.items.map((target) => ({ id: target.id, scope: batch.scope })));
  const only = all.length === 1 ? all[0] : undefined;
  if (only) {
    return [{ action: actions.single, regionId: only.scope, instanceIds: [only.id], clientToken: options.clientToken, dryRun: options.dryRun }];
  }
  if (options.dryRun) {
    return all.map((target, index) => ({
      action: actions.single, regionId: target.scope, instanceIds: [target.id], clientToken: deriveClientToken(options.clientToken, 'c', index + 1), dryRun: true,
    }));
  }
  return batches.map((batch, index) => ({
    action: actions.batch, regionId: batch.scope, instanceIds: batch.items.map((target) => target.id),
    clientToken: deriveClientToken(options.clientToken, 'b', index + 1), dryRun: false,
  }));
}


/** What a reload needs: which instances (per region) we are waiting for. Never a credential. */
export interface PowerResumeState {
  v: 1;
  /** 'sending': the calls may or may not have reached the cloud; 'polling': they were answered. */
  phase: 'sending' | 'polling';
  clientToken: string;
  affected: Record<string, string[]>;
  /** Instances whose request got no answer (lost response): confirm from their state. */
  uncertain?: string[];
}

/** The journaled resume state, or undefined when it is missing or not one this version wrote. */
export function readPowerResumeState(value: unknown): PowerResumeState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<PowerResumeState>;
  if (state.v !== 1 || (state.phase !== 'sending' && state.phase !== 'polling') || typeof state.affected !== 'object' || state.affected === null) return undefined;
  const affected: Record<string, string[]> = {};
  for (const [region, ids] of Object.entries(state.affected)) {
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
    affected[region] = ids;
  }
  const uncertain = Array.isArray(state.uncertain) ? state.uncertain.filter((id): id is string => typeof id === 'string') : [];
  return { v: 1, phase: state.phase, clientToken: typeof state.clientToken === 'string' ? state.clientToken : '', affected, uncertain };
}

/** Instance ids by region, in first-seen order. */
export function idsByRegion(calls: readonly PowerCall[]): Record<string, string[]> {
  const affected: Record<string, string[]> = {};
  for (const call of calls) (affected[call.regionId] ??= []).push(...call.instanceIds);
  return affected;
}
