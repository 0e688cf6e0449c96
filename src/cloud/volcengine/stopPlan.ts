/**
 * What a stop sends and what a reload needs to keep waiting for it. Pure: no SDK, no I/O.
 */
import { deriveClientToken } from '../../fleet/clientToken';
import type { OperationTarget, StopInstanceOptions } from '../../fleet/model';
import { planBatches } from '../../fleet/planner';
import { MAX_IDS_PER_CALL } from './ecs';

export interface StopCall {
  action: 'StopInstance' | 'StopInstances';
  regionId: string;
  instanceIds: string[];
  clientToken: string;
  dryRun: boolean;
}

/**
 * One instance → StopInstance with the action's token. Several → StopInstances per region in
 * batches of ≤ 100, each with `${token}-bN`. DryRun with several → StopInstance DryRun per
 * instance (`${token}-cN`), since StopInstances has no DryRun.
 */
export function planStopCalls(targets: readonly Pick<OperationTarget, 'id' | 'scope'>[], options: StopInstanceOptions): StopCall[] {
  const batches = planBatches(targets, MAX_IDS_PER_CALL);
  const all = batches.flatMap((batch) => batch.items.map((target) => ({ id: target.id, scope: batch.scope })));
  const only = all.length === 1 ? all[0] : undefined;
  if (only) {
    return [{ action: 'StopInstance', regionId: only.scope, instanceIds: [only.id], clientToken: options.clientToken, dryRun: options.dryRun }];
  }
  if (options.dryRun) {
    return all.map((target, index) => ({
      action: 'StopInstance', regionId: target.scope, instanceIds: [target.id], clientToken: deriveClientToken(options.clientToken, 'c', index + 1), dryRun: true,
    }));
  }
  return batches.map((batch, index) => ({
    action: 'StopInstances', regionId: batch.scope, instanceIds: batch.items.map((target) => target.id),
    clientToken: deriveClientToken(options.clientToken, 'b', index + 1), dryRun: false,
  }));
}

/** What a reload needs: which instances (per region) we are waiting for. Never a credential. */
export interface StopResumeState {
  v: 1;
  /** 'sending': the calls may or may not have reached the cloud; 'polling': they were answered. */
  phase: 'sending' | 'polling';
  clientToken: string;
  affected: Record<string, string[]>;
  /** Instances whose stop request got no answer (lost response): confirm from their state. */
  uncertain?: string[];
}

/** The journaled resume state, or undefined when it is missing or not one this version wrote. */
export function readStopResumeState(value: unknown): StopResumeState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const state = value as Partial<StopResumeState>;
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
export function idsByRegion(calls: readonly StopCall[]): Record<string, string[]> {
  const affected: Record<string, string[]> = {};
  for (const call of calls) (affected[call.regionId] ??= []).push(...call.instanceIds);
  return affected;
}
