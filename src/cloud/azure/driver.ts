/**
 * The Azure operation drivers (power off, deallocate with optional hibernate, perform
 * maintenance, start, restart): plan the requests, journal the plan, send each request and follow its LRO,
 * then read every target back and give each its own result. The engine turns the results
 * into the operation's status.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { DriverOutcome, OperationContext, OperationDriver } from '../../fleet/driver';
import { abortableSleep, mapWithConcurrency } from '../../fleet/async';
import { AZURE_CLOUD, armIdKey } from '../../fleet/clouds';
import type { CloudErrorInfo, OperationRecordOf, OperationTarget, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import { groupByScope } from '../../fleet/planner';
import { cloudProvider, type CloudProvider } from '../../fleet/provider';
import { InvalidResourceIdError, parseScaleSetId, parseVmId, scaleSetId } from './armId';
import { createAzureFleetClient, type AzureFleetClient, type AzureFleetClientOptions } from './client';
import { RequestExchanges } from './exchanges';
import { ActionOutcomeUnknownError } from './httpPolicy';
import {
  AZURE_OPERATION_KINDS, AzureOperationRefused, azureActionOf, goalOfFailedBatch, planAzureRequests, readResumeState, targetResultOf,
  type AzureOperationKind, type AzureResumeState, type PlannedAzureRequest, type RequestOutcome,
} from './plan';
import { restoreAzurePoller, startAzurePoller, type AzurePoller } from './pollers';
import { acceptedButUnreadable, reconciledResult, settleUnconfirmed, unconfirmedOutcome } from './reconcile';
import { assertFlexibleMembers } from './membership';
import { neverSent } from './notSent';

interface AzureDriverOptions {
  /** Overrides the client's poll interval for LROs (ms; Retry-After from the server still wins). */
  pollIntervalMs?: number;
}

type ClientSource = AzureFleetClient | (() => AzureFleetClient | Promise<AzureFleetClient>) | AzureFleetClientOptions;

/** One driver per Azure operation kind, sharing one fleet client. */
export function createAzureDrivers(source: ClientSource, options: AzureDriverOptions = {}): OperationDriver[] {
  let cached: Promise<AzureFleetClient> | undefined;
  const getClient = (): Promise<AzureFleetClient> => {
    if (typeof source === 'function') return Promise.resolve(source());
    cached ??= Promise.resolve('listInstances' in source ? source : createAzureFleetClient(source));
    return cached;
  };
  return AZURE_OPERATION_KINDS.map((kind) => new AzureOperationDriver(kind, getClient, options));
}

/** The Azure cloud for the engine: its operation kinds and their drivers. */
export function createAzureProvider(source: ClientSource, options: AzureDriverOptions = {}): CloudProvider {
  return cloudProvider(AZURE_CLOUD, () => createAzureDrivers(source, options));
}

class AzureOperationDriver<K extends AzureOperationKind> implements OperationDriver<K> {
  constructor(
    readonly kind: K,
    private readonly getClient: () => Promise<AzureFleetClient>,
    private readonly options: AzureDriverOptions,
  ) {}

  async run(record: OperationRecordOf<K>, ctx: OperationContext): Promise<DriverOutcome> {
    let client: AzureFleetClient;
    try {
      client = await this.getClient();
    } catch (err) {
      return { end: 'refused', error: localError('ClientUnavailable', errorText(err), 'authentication') };
    }
    let requests: PlannedAzureRequest[];
    try {
      const choice = azureActionOf(record);
      if (choice.action === 'deallocate' && choice.hibernate) await loadScaleSets(client, record.targets);
      await assertFlexibleMembers(client, record.targets);
      requests = planAzureRequests(record, (ref) => client.knownScaleSet(ref.id));
    } catch (err) {
      return { end: 'refused', error: refusal(err, client) };
    }
    // Journal the plan before anything is sent: after a reload we know what may have been sent.
    const state: AzureResumeState = { version: 1, requests };
    ctx.setResume(state);
    return this.execute(record, ctx, client, state, false);
  }

  async resume(record: OperationRecordOf<K>, ctx: OperationContext): Promise<DriverOutcome> {
    let client: AzureFleetClient;
    try {
      client = await this.getClient();
    } catch (err) {
      return finishUnread(record, ctx, localError('ClientUnavailable', errorText(err), 'authentication'));
    }
    const state = readResumeState(record.resume);
    if (!state) {
      await readBack(client, record, ctx, []);
      return { end: 'done', error: localError('ResumeStateMissing', 'The operation could not be resumed; its targets were re-read.', 'unknown') };
    }
    return this.execute(record, ctx, client, state, true);
  }

  private async execute(record: OperationRecordOf<K>, ctx: OperationContext, client: AzureFleetClient, state: AzureResumeState, resuming: boolean): Promise<DriverOutcome> {
    const pollIntervalMs = this.options.pollIntervalMs ?? client.pollIntervalMs;
    const save = (): void => ctx.setResume(state);
    await Promise.all(groupByScope(state.requests, (planned) => planned.subscriptionId).map(async (subscription) => {
      let compute: ComputeManagementClient;
      try {
        compute = await client.computeClientFor(subscription.scope);
      } catch (err) {
        for (const planned of subscription.items) planned.outcome ??= { status: resuming ? 'unknown' : 'notSent', error: client.toCloudError(err) };
        save();
        return;
      }
      await mapWithConcurrency(subscription.items, client.maxConcurrency, async (planned) => {
        if (planned.outcome) return;
        const exchanges = new RequestExchanges(planned, ctx);
        const follow = { compute, planned, exchanges, label: labelOf(record, planned), pollIntervalMs, resuming, save };
        const outcome = await client.observeExchanges(exchanges.observe, () => followRequest(follow, client, ctx));
        if (!outcome) return; // interrupted: the request is still pending in the journal
        planned.outcome = outcome;
        save();
      });
    }));
    if (ctx.signal.aborted) return { end: 'interrupted' };
    await settleUnconfirmed(client, state.requests, pollIntervalMs, ctx.signal);
    if (ctx.signal.aborted) return { end: 'interrupted' };
    await readBack(client, record, ctx, state.requests);
    return { end: 'done', ...firstError(state.requests) };
  }
}

interface FollowedRequest {
  compute: ComputeManagementClient;
  planned: PlannedAzureRequest;
  exchanges: RequestExchanges;
  label: string;
  pollIntervalMs: number;
  resuming: boolean;
  save: () => void;
}

/** Sends (or, after a reload, restores) one request and waits for its LRO; undefined when interrupted. */
async function followRequest(request: FollowedRequest, client: AzureFleetClient, ctx: OperationContext): Promise<RequestOutcome | undefined> {
  const { compute, planned, exchanges, label, pollIntervalMs } = request;
  let poller: AzurePoller;
  if (planned.poller) {
    try {
      poller = (await restoreAzurePoller(compute, planned, planned.poller, pollIntervalMs)).poller;
    } catch (err) {
      return unconfirmedOutcome(client.toCloudError(err, label));
    }
  } else if (request.resuming) {
    // Sent or not before the reload: never send again; the read-back tells the state.
    return { status: 'unknown', error: localError('OutcomeUnknown', 'The window reloaded before Azure answered this request; it was not re-sent. The current state was read back.', 'network', label) };
  } else {
    try {
      poller = startAzurePoller(compute, planned, { updateIntervalInMs: pollIntervalMs, onResponse: exchanges.onResponse, abortSignal: ctx.signal });
      await poller.submitted();
    } catch (err) {
      // The window is closing: the journal keeps the request unanswered, and a resume never sends it again.
      if (ctx.signal.aborted) return undefined;
      const unknown = err instanceof ActionOutcomeUnknownError || (err as { cause?: unknown }).cause instanceof ActionOutcomeUnknownError;
      // A 2xx the SDK will not take (204, an unreadable body): Azure accepted it, the read-back decides.
      if (acceptedButUnreadable(err)) return unconfirmedOutcome(client.toCloudError(err, label));
      return { status: unknown ? 'unknown' : neverSent(err) ? 'notSent' : 'failed', error: refusal(err, client, label) };
    }
    planned.poller = await poller.serialize();
    request.save();
    // core-lro polls right after the 202; Azure asked to wait Retry-After first, so do that.
    if (!poller.isDone) {
      const retryAfter = exchanges.acceptedRetryAfterSeconds;
      await abortableSleep(retryAfter !== undefined && retryAfter > 0 ? retryAfter * 1000 : pollIntervalMs, ctx.signal);
    }
  }
  try {
    await poller.pollUntilDone({ abortSignal: ctx.signal });
    return { status: 'succeeded' };
  } catch (err) {
    if (ctx.signal.aborted) return undefined;
    const failure = exchanges.lroFailure;
    if (failure) return { status: failure.status === 'Canceled' ? 'canceled' : 'failed', error: { ...failure.error, target: failure.error.target ?? label } };
    if (poller.operationState?.status === 'canceled') return { status: 'canceled', error: localError('OperationCanceled', 'Azure canceled the operation.', 'conflict', label) };
    // Azure accepted the request and never said it failed: what the SDK could not read is not the operation's outcome.
    return unconfirmedOutcome(client.toCloudError(err, label));
  }
}

/** One list per affected scale set; each target gets its outcome and the state read back. */
async function readBack(client: AzureFleetClient, record: OperationRecordOf<AzureOperationKind>, ctx: OperationContext, requests: readonly PlannedAzureRequest[]): Promise<void> {
  const refs = new Map<string, ScaleSetRef>();
  for (const planned of requests) refs.set(armIdKey(planned.scaleSet.id), planned.scaleSet);
  if (refs.size === 0) {
    for (const ref of scaleSetsOfTargets(record.targets)) refs.set(armIdKey(ref.id), ref);
  }
  const lists = await client.listInstancesOf([...refs.values()]);
  const instances = new Map<string, ScaleSetInstance>();
  for (const list of lists) for (const instance of list.items ?? []) instances.set(armIdKey(instance.id), instance);
  const plannedFor = new Map<string, PlannedAzureRequest>();
  for (const planned of requests) for (const target of planned.targets) plannedFor.set(armIdKey(target), planned);
  for (const target of record.targets) {
    const instance = instances.get(armIdKey(target.id));
    if (instance) ctx.emit({ type: 'stateRead', target: target.id, state: instance.powerState });
    const planned = plannedFor.get(armIdKey(target.id));
    const result = reconciledResult(planned, instance?.powerState)
      ?? targetResultOf(planned?.outcome, instance?.powerState, planned ? goalOfFailedBatch(planned) : undefined);
    // A poller exists only once Azure accepted the request: a failure after that came from the operation, not a refusal.
    const acceptedThenEnded = planned?.poller !== undefined && (result.status === 'failed' || result.status === 'canceled');
    ctx.setResult(target.id, acceptedThenEnded ? { ...result, accepted: true } : result);
  }
}

/** The scale sets of targets that have no plan (their resume state was lost). */
function scaleSetsOfTargets(targets: readonly OperationTarget[]): ScaleSetRef[] {
  const refs: ScaleSetRef[] = [];
  for (const group of groupByScope(targets, (target) => target.scope)) {
    try {
      const scaleSet = parseScaleSetId(group.scope);
      const first = group.items[0];
      const orchestrationMode = first && parseVmId(first.id).kind === 'virtualMachine' ? 'Flexible' : 'Uniform';
      refs.push({ id: group.scope, name: scaleSet.scaleSetName, subscriptionId: scaleSet.subscriptionId, resourceGroup: scaleSet.resourceGroup, orchestrationMode });
    } catch {
      // Unparseable scope: nothing can be read back for it.
    }
  }
  return refs;
}

/** Hibernation needs to know each scale set's setting: fetch the ones not listed yet. */
async function loadScaleSets(client: AzureFleetClient, targets: readonly OperationTarget[]): Promise<void> {
  const scaleSets = groupByScope(targets, (target) => target.scope).map((group) => parseScaleSetId(group.scope));
  await mapWithConcurrency(scaleSets, client.maxConcurrency, async ({ subscriptionId, resourceGroup, scaleSetName }) => {
    if (client.knownScaleSet(scaleSetId(subscriptionId, resourceGroup, scaleSetName))) return;
    await client.getScaleSet({ subscriptionId, resourceGroup, name: scaleSetName });
  });
}

/** Nothing could be read: targets without a result stay unknown (something may have been sent before a reload). */
function finishUnread(record: OperationRecordOf<AzureOperationKind>, ctx: OperationContext, error: CloudErrorInfo): DriverOutcome {
  for (const target of record.targets) {
    if (record.results[target.id]?.status === 'pending') ctx.setResult(target.id, { status: 'unknown', code: error.code, message: error.message });
  }
  return { end: 'done', error };
}

function firstError(requests: readonly PlannedAzureRequest[]): { error?: CloudErrorInfo } {
  const error = requests.find((planned) => planned.outcome?.error)?.outcome?.error;
  return error ? { error } : {};
}

function labelOf(record: OperationRecordOf<AzureOperationKind>, planned: PlannedAzureRequest): string {
  if (planned.targets.length === 1) {
    const target = record.targets.find((candidate) => candidate.id === planned.targets[0]);
    if (target) return target.label;
  }
  return `${planned.scaleSet.name} (${planned.instanceIds.length} instances)`;
}

function refusal(err: unknown, client: AzureFleetClient, target?: string): CloudErrorInfo {
  if (err instanceof AzureOperationRefused) return localError(err.code, err.message, 'invalidInput', target);
  if (err instanceof InvalidResourceIdError) return localError(err.code, err.message, 'invalidInput', target);
  return client.toCloudError(err, target);
}

function localError(code: string, message: string, category: CloudErrorInfo['category'], target?: string): CloudErrorInfo {
  return { cloud: 'azure', code, message, category, ...(target ? { target } : {}) };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
