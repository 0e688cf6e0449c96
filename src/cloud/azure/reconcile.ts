/**
 * Completion reconciled with the cloud. After Azure accepted a request, an answer the SDK
 * cannot use while following it (a 204 that ARM's async contract allows but the SDK rejects,
 * a status body of an unexpected shape, a poll that cannot be parsed, polls that keep failing)
 * says nothing about the operation itself. Such a request is never reported failed and never
 * sent again: the state read back decides. A target in the state the action leads to has
 * succeeded (with a note saying how it was confirmed); anything else is unknown.
 */
import { abortableSleep } from '../../fleet/async';
import { armIdKey } from '../../fleet/clouds';
import type { AzurePowerState, CloudErrorInfo, ScaleSetInstance, ScaleSetRef, TargetResult } from '../../fleet/model';
import type { AzureFleetClient } from './client';
import type { PlannedAzureRequest, RequestOutcome } from './plan';

/** The code a target confirmed from its state carries, so the output says how it was decided. */
export const CONFIRMED_BY_STATE = 'ConfirmedByState';

/** Re-reads while a target is still on its way (stopping → stopped); bounded, then it stays unknown. */
const MAX_SETTLE_READS = 10;

/** The outcome of an accepted request whose completion could not be read from Azure's answers. */
export function unconfirmedOutcome(error: CloudErrorInfo): RequestOutcome {
  return { status: 'unknown', error, confirmByState: true };
}

/**
 * Whether an error from sending the action is a 2xx answer the SDK would not take (204 where
 * it expects 200/201/202, a body it cannot parse): Azure accepted the request.
 */
export function acceptedButUnreadable(err: unknown): boolean {
  const candidate = err as { statusCode?: unknown; response?: { status?: unknown } } | undefined;
  const status = typeof candidate?.statusCode === 'number' ? candidate.statusCode : candidate?.response?.status;
  return typeof status === 'number' && status >= 200 && status < 300;
}

/**
 * The state a VM settles in once the action took effect; undefined when the state cannot tell
 * (a restart and a maintenance leave a running VM running whether or not they happened).
 */
export function settledStateOf(planned: Pick<PlannedAzureRequest, 'action' | 'hibernate'>): AzurePowerState | undefined {
  switch (planned.action) {
    case 'powerOff': return 'stopped';
    case 'deallocate': return planned.hibernate ? 'hibernated' : 'deallocated';
    case 'start': return 'running';
    default: return undefined;
  }
}

/** The transitional state a VM shows on its way to `settled`. */
function onTheWayTo(settled: AzurePowerState): AzurePowerState | undefined {
  switch (settled) {
    case 'stopped': return 'stopping';
    case 'deallocated':
    case 'hibernated': return 'deallocating';
    case 'running': return 'starting';
    default: return undefined;
  }
}

function unconfirmedTargets(requests: readonly PlannedAzureRequest[]): Array<{ planned: PlannedAzureRequest; target: string; settled: AzurePowerState }> {
  const out: Array<{ planned: PlannedAzureRequest; target: string; settled: AzurePowerState }> = [];
  for (const planned of requests) {
    const settled = settledStateOf(planned);
    if (planned.outcome?.confirmByState !== true || settled === undefined) continue;
    for (const target of planned.targets) out.push({ planned, target, settled });
  }
  return out;
}

/**
 * Before the read-back: while a target of an unconfirmed request is still on its way to the
 * state its action leads to, read its scale set again (bounded), so the read-back decides on a
 * settled state rather than on a moment in the middle of the transition.
 */
export async function settleUnconfirmed(client: AzureFleetClient, requests: readonly PlannedAzureRequest[], pollIntervalMs: number, signal: AbortSignal): Promise<void> {
  const waiting = unconfirmedTargets(requests);
  for (let read = 0; read < MAX_SETTLE_READS && waiting.length > 0 && !signal.aborted; read++) {
    const scaleSets = new Map<string, ScaleSetRef>();
    for (const { planned } of waiting) scaleSets.set(armIdKey(planned.scaleSet.id), planned.scaleSet);
    const instances = new Map<string, ScaleSetInstance>();
    for (const list of await client.listInstancesOf([...scaleSets.values()])) {
      for (const instance of list.items ?? []) instances.set(armIdKey(instance.id), instance);
    }
    const still = waiting.filter(({ target, settled }) => instances.get(armIdKey(target))?.powerState === onTheWayTo(settled));
    if (still.length === 0) return;
    waiting.splice(0, waiting.length, ...still);
    await abortableSleep(Math.max(pollIntervalMs, 1), signal);
  }
}

/**
 * The result of a target whose request was accepted but whose completion was unconfirmed,
 * decided by the state read back; undefined for every other target (its own outcome stands).
 */
export function reconciledResult(planned: PlannedAzureRequest | undefined, finalState: AzurePowerState | undefined): TargetResult | undefined {
  const outcome = planned?.outcome;
  if (!planned || outcome?.confirmByState !== true) return undefined;
  const settled = settledStateOf(planned);
  const surprise = outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : 'no usable answer';
  const state = finalState === undefined ? {} : { finalState };
  if (settled !== undefined && finalState === settled) {
    return {
      status: 'succeeded', code: CONFIRMED_BY_STATE, ...state,
      message: `Azure's answer while tracking the operation could not be used (${surprise}); the state read back shows it ${settled}, so it succeeded.`,
    };
  }
  return {
    status: 'unknown', code: outcome.error?.code ?? 'OutcomeUnknown', ...state,
    message: `Azure accepted the request, but its answer while tracking it could not be used (${surprise}). It was not sent again; ${finalState ? `the VM is now ${finalState}` : 'the VM could not be read back'}. Check its state before trying again.`,
  };
}
