/**
 * The Azure planner: from a typed operation request to the fewest ARM requests the API allows,
 * each carrying exactly the chosen instances. Pure (no I/O), so the "exactly the chosen
 * instances" rule is unit-tested. Also the journaled shape of the plan, for resuming.
 */
import type {
  AzurePowerState, CloudErrorInfo, EventParameters, OperationKind, OperationRequestOf, OperationTarget, OptionsOf, ScaleSetRef, TargetResult,
} from '../../fleet/model';
import { armIdKey } from '../../fleet/clouds';
import { dedupeTargets, groupByScope } from '../../fleet/planner';
import { hibernationBlocker } from '../../fleet/rules';
import { parseScaleSetId, parseVmId } from './armId';
import { assertInstanceIds } from './httpPolicy';
import { settledStateOf } from './reconcile';

export type AzureOperationKind = Extract<OperationKind, `azure.${string}`>;

/** What one Azure operation kind asks ARM to do, in ARM's terms. */
type AzureActionChoice =
  | { action: 'powerOff'; skipShutdown: boolean }
  | { action: 'deallocate'; hibernate: boolean }
  | { action: 'performMaintenance' }
  | { action: 'start' }
  | { action: 'restart' };

type AzureAction = AzureActionChoice['action'];

const CHOICE_OF: { [K in AzureOperationKind]: (options: OptionsOf<K>) => AzureActionChoice } = {
  'azure.powerOff': (options) => ({ action: 'powerOff', skipShutdown: options.skipShutdown }),
  'azure.deallocate': (options) => ({ action: 'deallocate', hibernate: options.hibernate }),
  'azure.performMaintenance': () => ({ action: 'performMaintenance' }),
  'azure.start': () => ({ action: 'start' }),
  'azure.restart': () => ({ action: 'restart' }),
};

/** Every Azure operation kind, in the order its drivers are offered. */
export const AZURE_OPERATION_KINDS = Object.keys(CHOICE_OF) as AzureOperationKind[];

export function azureActionOf<K extends AzureOperationKind>(request: Pick<OperationRequestOf<K>, 'kind' | 'options'>): AzureActionChoice {
  const choose: (options: OptionsOf<K>) => AzureActionChoice = CHOICE_OF[request.kind];
  return choose(request.options);
}

/** How one ARM request ended; journaled with it. */
export interface RequestOutcome {
  /** notSent: refused before it left (a local guard, no token, the host unreachable). */
  status: 'succeeded' | 'failed' | 'canceled' | 'unknown' | 'notSent';
  error?: CloudErrorInfo;
  /** Accepted, but Azure's answers while following it could not be used: the read-back decides (./reconcile.ts). */
  confirmByState?: boolean;
}

/**
 * A target's result: its request's outcome (unknown when there is none) and the state read back.
 * `goal`: the state a failed request for several VMs would have left this one in (see
 * goalOfFailedBatch); a target read back there was reached although the request failed.
 */
export function targetResultOf(outcome: RequestOutcome | undefined, finalState?: string, goal?: AzurePowerState): TargetResult {
  if (outcome?.status === 'failed' && goal !== undefined && finalState === goal) {
    const reason = outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : 'failed';
    return { status: 'succeeded', finalState, message: `Azure reported the request for several VMs failed (${reason}), but this one is now ${finalState}.` };
  }
  const result: TargetResult = { status: outcome?.status ?? 'unknown' };
  if (outcome?.error) {
    result.code = outcome.error.code;
    result.message = outcome.error.message;
  }
  if (finalState !== undefined) result.finalState = finalState;
  return result;
}

/** One request to ARM, as planned and as journaled. */
export interface PlannedAzureRequest {
  /** scaleSet: VMSS-level action with instanceIds; scaleSetVm: one Uniform VM; vm: one Flexible VM. */
  api: 'scaleSet' | 'scaleSetVm' | 'vm';
  action: AzureAction;
  subscriptionId: string;
  /** Resource group of the addressed resource (scale set, or the VM for api 'vm'). */
  resourceGroup: string;
  /** Scale-set name (scaleSet, scaleSetVm) or VM name (vm). */
  name: string;
  instanceIds: string[];
  /** Operation target ids this request acts on. */
  targets: string[];
  scaleSet: ScaleSetRef;
  skipShutdown?: boolean;
  hibernate?: boolean;
  /** Serialized SDK poller, once the request was accepted. */
  poller?: string;
  outcome?: RequestOutcome;
}

/** What the Azure drivers journal in record.resume (the format 0.1.0 wrote too). */
export interface AzureResumeState {
  version: 1;
  requests: PlannedAzureRequest[];
}

export function readResumeState(value: unknown): AzureResumeState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const state = value as Partial<AzureResumeState>;
  if (state.version !== 1 || !Array.isArray(state.requests)) return undefined;
  return state as AzureResumeState;
}

/** A refusal decided locally, before any request. */
export class AzureOperationRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'AzureOperationRefused';
  }
}

interface ScaleSetInfo extends ScaleSetRef { hibernationEnabled?: boolean }

/**
 * Builds the requests for an operation request. Throws AzureOperationRefused or
 * InvalidResourceIdError; `scaleSetInfo` is what is known of each scale set (for hibernation).
 */
export function planAzureRequests<K extends AzureOperationKind>(
  request: Pick<OperationRequestOf<K>, 'kind' | 'targets' | 'options'>,
  scaleSetInfo: (ref: ScaleSetRef) => ScaleSetInfo | undefined = () => undefined,
): PlannedAzureRequest[] {
  const choice = azureActionOf(request);
  const { action } = choice;
  if (request.targets.length === 0) throw new AzureOperationRefused('EmptySelection', 'Nothing to act on: the selection is empty.');
  const skipShutdown = choice.action === 'powerOff' && choice.skipShutdown;
  const hibernate = choice.action === 'deallocate' && choice.hibernate;
  const requests: PlannedAzureRequest[] = [];

  for (const group of groupByScope(dedupeTargets(request.targets, armIdKey), (target) => target.scope)) {
    const scaleSet = parseScaleSetId(group.scope);
    const members = group.items.map((target) => ({ target, vm: parseVmId(target.id) }));
    const modes = new Set(members.map(({ vm }) => (vm.kind === 'scaleSetVm' ? 'Uniform' : 'Flexible')));
    if (modes.size !== 1) throw new AzureOperationRefused('MixedTargets', `The targets of scale set ${scaleSet.scaleSetName} mix Uniform and Flexible instance ids.`);
    const mode = modes.has('Uniform') ? 'Uniform' : 'Flexible';
    const ref: ScaleSetRef = { id: group.scope, name: scaleSet.scaleSetName, subscriptionId: scaleSet.subscriptionId, resourceGroup: scaleSet.resourceGroup, orchestrationMode: mode };
    for (const { target, vm } of members) assertInScaleSet(target, vm, scaleSet);
    const info = scaleSetInfo(ref);
    if (info && info.orchestrationMode !== mode) {
      throw new AzureOperationRefused('MixedTargets', `Scale set ${scaleSet.scaleSetName} is ${info.orchestrationMode}, but the targets are ${mode} instances.`);
    }
    if (hibernate) {
      const blocker = hibernationBlocker({ orchestrationMode: mode, hibernationEnabled: info?.hibernationEnabled === true });
      if (blocker === 'uniform') {
        throw new AzureOperationRefused('HibernationNotSupported', `Hibernate is only available for Flexible scale sets; ${scaleSet.scaleSetName} is Uniform. Nothing was sent.`);
      }
      if (blocker === 'notEnabled') {
        throw new AzureOperationRefused('HibernationNotEnabled', `Hibernation is not enabled on scale set ${scaleSet.scaleSetName}. Nothing was sent.`);
      }
    }
    const base = { action, subscriptionId: scaleSet.subscriptionId, scaleSet: ref };
    const powerOffOption = action === 'powerOff' ? { skipShutdown } : {};
    if (mode === 'Flexible' && action !== 'deallocate') {
      // Flexible power off / maintenance exist only per VM.
      for (const { target, vm } of members) {
        if (vm.kind !== 'virtualMachine') continue;
        requests.push({ ...base, api: 'vm', resourceGroup: vm.resourceGroup, name: vm.vmName, instanceIds: [vm.vmName], targets: [target.id], ...powerOffOption });
      }
      continue;
    }
    const only = members.length === 1 ? members[0] : undefined;
    if (action === 'powerOff' && mode === 'Uniform' && only?.vm.kind === 'scaleSetVm') {
      requests.push({ ...base, api: 'scaleSetVm', resourceGroup: scaleSet.resourceGroup, name: scaleSet.scaleSetName, instanceIds: [only.vm.instanceId], targets: [only.target.id], skipShutdown });
      continue;
    }
    const instanceIds = members.map(({ vm }) => (vm.kind === 'scaleSetVm' ? vm.instanceId : vm.vmName));
    assertInstanceIds(instanceIds, `a scale-set ${action}`);
    requests.push({
      ...base, api: 'scaleSet', resourceGroup: scaleSet.resourceGroup, name: scaleSet.scaleSetName, instanceIds, targets: group.items.map((target) => target.id),
      ...powerOffOption,
      ...(hibernate ? { hibernate: true } : {}),
    });
  }
  return requests;
}

function assertInScaleSet(target: OperationTarget, vm: ReturnType<typeof parseVmId>, scaleSet: ReturnType<typeof parseScaleSetId>): void {
  const same = (left: string, right: string): boolean => left.toLowerCase() === right.toLowerCase();
  if (!same(vm.subscriptionId, scaleSet.subscriptionId)) {
    throw new AzureOperationRefused('TargetOutsideScaleSet', `${target.label} is not in the subscription of scale set ${scaleSet.scaleSetName}.`);
  }
  if (vm.kind === 'scaleSetVm' && (!same(vm.scaleSetName, scaleSet.scaleSetName) || !same(vm.resourceGroup, scaleSet.resourceGroup))) {
    throw new AzureOperationRefused('TargetOutsideScaleSet', `${target.label} does not belong to scale set ${scaleSet.scaleSetName}.`);
  }
}

/**
 * The state a VM of an accepted, then failed, multi-VM request is in when the action took
 * effect on it: Azure fails the whole long-running operation when one VM fails (an allocation
 * failure on start), while the others carry on. Undefined where the state does not tell
 * (restart and maintenance leave a VM running either way) or the request named one VM.
 */
export function goalOfFailedBatch(planned: PlannedAzureRequest): AzurePowerState | undefined {
  if (planned.poller === undefined || planned.targets.length < 2 || planned.outcome?.status !== 'failed') return undefined;
  return settledStateOf(planned);
}

/** The request's parameters as a 'requested' event lists them. */
export function requestParameters(planned: PlannedAzureRequest): EventParameters {
  const parameters: EventParameters = { api: planned.api, instanceIds: planned.instanceIds.join(',') };
  if (planned.skipShutdown !== undefined) parameters.skipShutdown = planned.skipShutdown;
  if (planned.action === 'deallocate') parameters.hibernate = planned.hibernate === true;
  return parameters;
}
