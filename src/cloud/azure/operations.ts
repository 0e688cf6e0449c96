/**
 * Operation drivers for Azure: power off, deallocate (optionally hibernate) and perform
 * maintenance. Targets are grouped by scale set; each group becomes the fewest requests the
 * API allows, each carrying exactly the chosen instances. Every HTTP exchange of the
 * operation (request, 202, polls, 429 waits) becomes an event; pollers are serialized into
 * the record so waiting can resume after a reload.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { DriverOutcome, OperationContext, OperationDriver } from '../../fleet/driver';
import type {
  CloudErrorInfo, OperationKind, OperationRecord, OperationStatus, OperationTarget, ScaleSetInstance, ScaleSetRef, TargetResult,
} from '../../fleet/model';
import { dedupeTargets, groupByScope } from '../../fleet/planner';
import { InvalidResourceIdError, parseScaleSetId, parseVmId } from './armId';
import { createAzureFleetClient, loadCompute, type AzureFleetClient, type AzureFleetClientOptions } from './client';
import { mapWithConcurrency } from './concurrency';
import { lroStatusError } from './errors';
import { ActionOutcomeUnknownError, assertInstanceIds, safePath, type ArmHttpExchange } from './httpPolicy';

export type AzureAction = 'powerOff' | 'deallocate' | 'performMaintenance';
export type AzureOperationKind = Extract<OperationKind, `azure.${string}`>;

const ACTION_OF: Record<AzureOperationKind, AzureAction> = {
  'azure.powerOff': 'powerOff',
  'azure.deallocate': 'deallocate',
  'azure.performMaintenance': 'performMaintenance',
};

type RequestOutcome = { status: 'succeeded' | 'failed' | 'canceled' | 'unknown'; error?: CloudErrorInfo };

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

export interface AzureResumeState {
  version: 1;
  requests: PlannedAzureRequest[];
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
 * Builds the requests for a set of targets. Pure: no I/O, so the "exactly the chosen
 * instances" rule is unit-testable. Throws AzureOperationRefused / InvalidResourceIdError.
 */
export function planAzureRequests(
  kind: AzureOperationKind,
  targets: readonly OperationTarget[],
  options: Record<string, string | boolean>,
  scaleSetInfo: (ref: ScaleSetRef) => ScaleSetInfo | undefined = () => undefined,
): PlannedAzureRequest[] {
  const action = ACTION_OF[kind];
  if (!action) throw new AzureOperationRefused('UnsupportedOperation', `Unsupported Azure operation: ${String(kind)}`);
  if (targets.length === 0) throw new AzureOperationRefused('EmptySelection', 'Nothing to act on: the selection is empty.');
  const skipShutdown = options.skipShutdown === true;
  const hibernate = options.hibernate === true;
  const requests: PlannedAzureRequest[] = [];

  for (const group of groupByScope(dedupeTargets(targets), (t) => t.scope)) {
    const ss = parseScaleSetId(group.scope);
    const vms = group.items.map((t) => ({ target: t, vm: parseVmId(t.id) }));
    const modes = new Set(vms.map(({ vm }) => (vm.kind === 'scaleSetVm' ? 'Uniform' : 'Flexible')));
    if (modes.size !== 1) throw new AzureOperationRefused('MixedTargets', `The targets of scale set ${ss.scaleSetName} mix Uniform and Flexible instance ids.`);
    const mode = modes.has('Uniform') ? 'Uniform' : 'Flexible';
    const ref: ScaleSetRef = { id: group.scope, name: ss.scaleSetName, subscriptionId: ss.subscriptionId, resourceGroup: ss.resourceGroup, orchestrationMode: mode };
    for (const { target, vm } of vms) {
      if (vm.subscriptionId.toLowerCase() !== ss.subscriptionId.toLowerCase()) {
        throw new AzureOperationRefused('TargetOutsideScaleSet', `${target.label} is not in the subscription of scale set ${ss.scaleSetName}.`);
      }
      if (vm.kind === 'scaleSetVm' && (vm.scaleSetName.toLowerCase() !== ss.scaleSetName.toLowerCase() || vm.resourceGroup.toLowerCase() !== ss.resourceGroup.toLowerCase())) {
        throw new AzureOperationRefused('TargetOutsideScaleSet', `${target.label} does not belong to scale set ${ss.scaleSetName}.`);
      }
    }
    const info = scaleSetInfo(ref);
    if (info && info.orchestrationMode !== mode) {
      throw new AzureOperationRefused('MixedTargets', `Scale set ${ss.scaleSetName} is ${info.orchestrationMode}, but the targets are ${mode} instances.`);
    }
    if (action === 'deallocate' && hibernate) {
      if (mode !== 'Flexible') {
        throw new AzureOperationRefused('HibernationNotSupported', `Hibernate is only available for Flexible scale sets; ${ss.scaleSetName} is Uniform. Nothing was sent.`);
      }
      if (!info?.hibernationEnabled) {
        throw new AzureOperationRefused('HibernationNotEnabled', `Hibernation is not enabled on scale set ${ss.scaleSetName}. Nothing was sent.`);
      }
    }
    const instanceIds = vms.map(({ vm }) => (vm.kind === 'scaleSetVm' ? vm.instanceId : vm.vmName));
    const base = { action, subscriptionId: ss.subscriptionId, scaleSet: ref };
    const perVm = mode === 'Flexible' && action !== 'deallocate';
    if (perVm) {
      // Flexible power off / maintenance exist only per VM.
      vms.forEach(({ target, vm }) => {
        if (vm.kind !== 'virtualMachine') return;
        requests.push({
          ...base, api: 'vm', resourceGroup: vm.resourceGroup, name: vm.vmName, instanceIds: [vm.vmName], targets: [target.id],
          ...(action === 'powerOff' ? { skipShutdown } : {}),
        });
      });
    } else if (action === 'powerOff' && vms.length === 1 && mode === 'Uniform') {
      const only = vms[0];
      if (only?.vm.kind === 'scaleSetVm') {
        requests.push({ ...base, api: 'scaleSetVm', resourceGroup: ss.resourceGroup, name: ss.scaleSetName, instanceIds: [only.vm.instanceId], targets: [only.target.id], skipShutdown });
      }
    } else {
      assertInstanceIds(instanceIds, `a scale-set ${action}`);
      requests.push({
        ...base, api: 'scaleSet', resourceGroup: ss.resourceGroup, name: ss.scaleSetName, instanceIds, targets: group.items.map((t) => t.id),
        ...(action === 'powerOff' ? { skipShutdown } : {}),
        ...(action === 'deallocate' && hibernate ? { hibernate: true } : {}),
      });
    }
  }
  return requests;
}

/** The ARM path a planned request is sent to (lower-cased, for matching the HTTP exchanges). */
export function actionPath(r: PlannedAzureRequest): string {
  const rg = `/subscriptions/${r.subscriptionId}/resourcegroups/${r.resourceGroup}/providers/microsoft.compute`;
  const verb = r.action.toLowerCase();
  switch (r.api) {
    case 'scaleSet': return `${rg}/virtualmachinescalesets/${r.name}/${verb}`.toLowerCase();
    case 'scaleSetVm': return `${rg}/virtualmachinescalesets/${r.name}/virtualmachines/${r.instanceIds[0] ?? ''}/${verb}`.toLowerCase();
    case 'vm': return `${rg}/virtualmachines/${r.name}/${verb}`.toLowerCase();
  }
}

type LroPoller = ReturnType<ComputeManagementClient['virtualMachineScaleSets']['deallocate']>;

function startPoller(c: ComputeManagementClient, r: PlannedAzureRequest, updateIntervalInMs: number): LroPoller {
  const common = { updateIntervalInMs };
  switch (r.api) {
    case 'scaleSet': {
      // The last line of defence: a scale-set action without instances would hit every VM.
      assertInstanceIds(r.instanceIds, `a scale-set ${r.action}`);
      const vmInstanceIDs = { instanceIds: [...r.instanceIds] };
      if (r.action === 'powerOff') return c.virtualMachineScaleSets.powerOff(r.resourceGroup, r.name, { ...common, vmInstanceIDs, skipShutdown: r.skipShutdown === true });
      if (r.action === 'deallocate') return c.virtualMachineScaleSets.deallocate(r.resourceGroup, r.name, { ...common, vmInstanceIDs, ...(r.hibernate ? { hibernate: true } : {}) });
      return c.virtualMachineScaleSets.performMaintenance(r.resourceGroup, r.name, { ...common, vmInstanceIDs });
    }
    case 'scaleSetVm': {
      const id = r.instanceIds[0];
      if (r.instanceIds.length !== 1 || !id) throw new AzureOperationRefused('InstanceSelectionRequired', 'A per-instance request needs exactly one instance id.');
      if (r.action === 'powerOff') return c.virtualMachineScaleSetVMs.powerOff(r.resourceGroup, r.name, id, { ...common, skipShutdown: r.skipShutdown === true });
      if (r.action === 'deallocate') return c.virtualMachineScaleSetVMs.deallocate(r.resourceGroup, r.name, id, common);
      return c.virtualMachineScaleSetVMs.performMaintenance(r.resourceGroup, r.name, id, common);
    }
    case 'vm': {
      if (r.action === 'powerOff') return c.virtualMachines.powerOff(r.resourceGroup, r.name, { ...common, skipShutdown: r.skipShutdown === true });
      if (r.action === 'deallocate') return c.virtualMachines.deallocate(r.resourceGroup, r.name, { ...common, ...(r.hibernate ? { hibernate: true } : {}) });
      return c.virtualMachines.performMaintenance(r.resourceGroup, r.name, common);
    }
  }
}

// Wrapped in an object: a poller is thenable, so returning it from an async function would wait for it.
async function restore(c: ComputeManagementClient, r: PlannedAzureRequest, serialized: string, updateIntervalInMs: number): Promise<{ poller: LroPoller }> {
  const { restorePoller } = await loadCompute();
  const source = r.api === 'scaleSet'
    ? c.virtualMachineScaleSets[r.action]
    : r.api === 'scaleSetVm' ? c.virtualMachineScaleSetVMs[r.action] : c.virtualMachines[r.action];
  return { poller: restorePoller(c, serialized, source, { updateIntervalInMs }) };
}

/** Status URLs from a serialized poller, so resumed polls are reported against their request. */
function statusPathsOf(serialized: string | undefined): string[] {
  if (!serialized) return [];
  try {
    const parsed = JSON.parse(serialized) as { state?: { config?: { operationLocation?: string; resourceLocation?: string } } };
    const cfg = parsed.state?.config;
    return [cfg?.operationLocation, cfg?.resourceLocation].filter((u): u is string => typeof u === 'string').map(safePath);
  } catch {
    return [];
  }
}

export interface AzureDriverOptions {
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
  return (Object.keys(ACTION_OF) as AzureOperationKind[]).map((kind) => new AzureOperationDriver(kind, getClient, options));
}

class AzureOperationDriver implements OperationDriver {
  constructor(
    readonly kind: AzureOperationKind,
    private readonly getClient: () => Promise<AzureFleetClient>,
    private readonly options: AzureDriverOptions,
  ) {}

  async run(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    let client: AzureFleetClient;
    try {
      client = await this.getClient();
    } catch (err) {
      return { status: 'failed', error: localError('ClientUnavailable', errText(err), 'authentication') };
    }
    let requests: PlannedAzureRequest[];
    try {
      if (this.kind === 'azure.deallocate' && record.options.hibernate === true) await this.loadScaleSets(client, record.targets);
      requests = planAzureRequests(this.kind, record.targets, record.options, (ref) => client.knownScaleSet(ref.id));
    } catch (err) {
      return { status: 'failed', error: refusal(err, client) };
    }
    // Journal the plan before anything is sent: after a reload we know what may have been sent.
    const state: AzureResumeState = { version: 1, requests };
    ctx.setResume(state);
    return this.execute(record, ctx, client, state, false);
  }

  async resume(record: OperationRecord, ctx: OperationContext): Promise<DriverOutcome> {
    let client: AzureFleetClient;
    try {
      client = await this.getClient();
    } catch (err) {
      return { status: 'unknown', error: localError('ClientUnavailable', errText(err), 'authentication') };
    }
    const state = parseResumeState(record.resume);
    if (!state) {
      await this.readBack(client, record, ctx, []);
      return { status: 'unknown', error: localError('ResumeStateMissing', 'The operation could not be resumed; its targets were re-read.', 'unknown') };
    }
    return this.execute(record, ctx, client, state, true);
  }

  private async loadScaleSets(client: AzureFleetClient, targets: readonly OperationTarget[]): Promise<void> {
    const scopes = groupByScope(targets, (t) => t.scope).map((g) => parseScaleSetId(g.scope));
    await mapWithConcurrency(scopes, client.maxConcurrency, async (s) => {
      if (client.knownScaleSet(`/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${s.scaleSetName}`)) return;
      await client.getScaleSet({ subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, name: s.scaleSetName });
    });
  }

  private async execute(record: OperationRecord, ctx: OperationContext, client: AzureFleetClient, state: AzureResumeState, resuming: boolean): Promise<DriverOutcome> {
    const pollMs = this.options.pollIntervalMs ?? client.pollIntervalMs;
    const save = (): void => ctx.setResume(state);
    const bySubscription = groupByScope(state.requests, (r) => r.subscriptionId);
    await Promise.all(bySubscription.map(async (group) => {
      const tracker = new ExchangeTracker(group.items, ctx, record);
      let compute: ComputeManagementClient;
      try {
        compute = await client.computeClientFor(group.scope, (x) => tracker.observe(x));
      } catch (err) {
        for (const r of group.items) r.outcome ??= { status: resuming && r.poller ? 'unknown' : 'failed', error: client.toCloudError(err) };
        save();
        return;
      }
      await mapWithConcurrency(group.items, client.maxConcurrency, async (r) => {
        if (r.outcome) return;
        const label = labelOf(record, r);
        let poller: LroPoller;
        if (r.poller) {
          tracker.addStatusPaths(r, statusPathsOf(r.poller));
          try {
            poller = (await restore(compute, r, r.poller, pollMs)).poller;
          } catch (err) {
            r.outcome = { status: 'unknown', error: client.toCloudError(err, label) };
            save();
            return;
          }
        } else if (resuming) {
          // Sent or not before the reload: never send again; the read-back tells the state.
          r.outcome = { status: 'unknown', error: localError('OutcomeUnknown', 'The window reloaded before Azure answered this request; it was not re-sent. The current state was read back.', 'network', label) };
          save();
          return;
        } else {
          try {
            poller = startPoller(compute, r, pollMs);
            await poller.submitted();
          } catch (err) {
            const unknown = err instanceof ActionOutcomeUnknownError || (err as { cause?: unknown }).cause instanceof ActionOutcomeUnknownError;
            r.outcome = { status: unknown ? 'unknown' : 'failed', error: err instanceof AzureOperationRefused ? refusal(err, client, label) : client.toCloudError(err, label) };
            save();
            return;
          }
          r.poller = await poller.serialize();
          tracker.addStatusPaths(r, statusPathsOf(r.poller));
          save();
          // core-lro polls right after the 202; Azure asked to wait Retry-After first, so do that.
          if (!poller.isDone) {
            const retryAfter = tracker.acceptedRetryAfterSeconds(r);
            await sleep(retryAfter !== undefined && retryAfter > 0 ? retryAfter * 1000 : pollMs, ctx.signal);
          }
        }
        try {
          await poller.pollUntilDone({ abortSignal: ctx.signal });
          r.outcome = { status: 'succeeded' };
        } catch (err) {
          if (ctx.signal.aborted) return;
          const lro = tracker.lroErrorOf(r);
          if (lro) r.outcome = { status: lro.status === 'Canceled' ? 'canceled' : 'failed', error: { ...lro.error, target: lro.error.target ?? label } };
          else if (errText(err) === 'Operation was canceled') r.outcome = { status: 'canceled', error: localError('OperationCanceled', 'Azure canceled the operation.', 'conflict', label) };
          else r.outcome = { status: 'failed', error: client.toCloudError(err, label) };
        }
        save();
      });
    }));
    if (ctx.signal.aborted) return { status: 'running' };
    await this.readBack(client, record, ctx, state.requests);
    return aggregate(state.requests);
  }

  /** One list per affected scale set; each target gets its outcome and the state read back. */
  private async readBack(client: AzureFleetClient, record: OperationRecord, ctx: OperationContext, requests: readonly PlannedAzureRequest[]): Promise<void> {
    const refs = new Map<string, ScaleSetRef>();
    for (const r of requests) refs.set(r.scaleSet.id.toLowerCase(), r.scaleSet);
    if (refs.size === 0) {
      for (const g of groupByScope(record.targets, (t) => t.scope)) {
        try {
          const ss = parseScaleSetId(g.scope);
          const first = g.items[0];
          const mode = first && parseVmId(first.id).kind === 'virtualMachine' ? 'Flexible' : 'Uniform';
          refs.set(g.scope.toLowerCase(), { id: g.scope, name: ss.scaleSetName, subscriptionId: ss.subscriptionId, resourceGroup: ss.resourceGroup, orchestrationMode: mode });
        } catch {
          // Unparseable scope: nothing can be read back for it.
        }
      }
    }
    const lists = await client.listInstancesOf([...refs.values()]);
    const states = new Map<string, ScaleSetInstance>();
    for (const l of lists) for (const i of l.items ?? []) states.set(i.id.toLowerCase(), i);
    const outcomeOf = new Map<string, RequestOutcome | undefined>();
    for (const r of requests) for (const t of r.targets) outcomeOf.set(t.toLowerCase(), r.outcome);
    for (const t of record.targets) {
      const instance = states.get(t.id.toLowerCase());
      if (instance) ctx.emit({ type: 'stateRead', target: t.id, state: instance.powerState });
      const outcome = outcomeOf.get(t.id.toLowerCase());
      const result: TargetResult = { status: targetStatus(outcome) };
      if (outcome?.error) {
        result.code = outcome.error.code;
        result.message = outcome.error.message;
      }
      if (instance) result.finalState = instance.powerState;
      ctx.setResult(t.id, result);
    }
  }
}

/** Reports each HTTP exchange of one operation as events, and remembers LRO failures per request. */
class ExchangeTracker {
  private readonly byActionPath = new Map<string, PlannedAzureRequest>();
  private readonly byStatusPath = new Map<string, PlannedAzureRequest>();
  private readonly lroErrors = new Map<PlannedAzureRequest, { status: 'Failed' | 'Canceled'; error: CloudErrorInfo }>();
  private readonly acceptedRetryAfter = new Map<PlannedAzureRequest, number>();

  constructor(requests: readonly PlannedAzureRequest[], private readonly ctx: OperationContext, private readonly record: OperationRecord) {
    for (const r of requests) this.byActionPath.set(actionPath(r), r);
  }

  addStatusPaths(r: PlannedAzureRequest, paths: readonly string[]): void {
    for (const p of paths) this.byStatusPath.set(p, r);
  }

  acceptedRetryAfterSeconds(r: PlannedAzureRequest): number | undefined {
    return this.acceptedRetryAfter.get(r);
  }

  lroErrorOf(r: PlannedAzureRequest): { status: 'Failed' | 'Canceled'; error: CloudErrorInfo } | undefined {
    return this.lroErrors.get(r);
  }

  observe(x: ArmHttpExchange): void {
    if (x.reauthenticated) {
      this.ctx.emit({ type: 'retry', attempt: x.attempt, reason: 'Azure reported the token expired; a new token was obtained and the request sent again.' });
      return;
    }
    const action = x.method !== 'GET' ? this.byActionPath.get(x.path) : undefined;
    if (action) {
      this.observeAction(action, x);
      return;
    }
    const polled = x.method === 'GET' ? this.byStatusPath.get(x.path) : undefined;
    if (x.phase !== 'received') return;
    if (x.status === 429) {
      this.ctx.emit({ type: 'throttled', retryAfterSeconds: x.retryAfterSeconds ?? 0, ...codeOf(x.body), ...(x.requestId ? { requestId: x.requestId } : {}) });
      return;
    }
    if (!polled || x.status === undefined) return;
    const body = x.body as { status?: unknown } | undefined;
    const bodyStatus = typeof body?.status === 'string' ? body.status : undefined;
    const status = bodyStatus ?? (x.status === 202 ? 'InProgress' : x.status < 300 ? 'Succeeded' : `HTTP ${x.status}`);
    this.ctx.emit({
      type: 'poll', httpStatus: x.status, status,
      ...(x.requestId ? { requestId: x.requestId } : {}),
      ...(x.retryAfterSeconds !== undefined ? { retryAfterSeconds: x.retryAfterSeconds } : {}),
    });
    if (bodyStatus === 'Failed' || bodyStatus === 'Canceled') {
      this.lroErrors.set(polled, { status: bodyStatus, error: lroStatusError(x.body, bodyStatus, { ...(x.requestId ? { requestId: x.requestId } : {}), ...(x.correlationId ? { correlationId: x.correlationId } : {}) }) });
    }
  }

  private observeAction(r: PlannedAzureRequest, x: ArmHttpExchange): void {
    if (x.phase === 'sent') {
      if (x.attempt > 1) {
        this.ctx.emit({ type: 'retry', attempt: x.attempt, reason: 'Sending the request again after the wait Azure asked for.' });
        return;
      }
      this.ctx.emit({ type: 'requested', method: x.method, url: x.url, targets: [...r.targets], options: requestOptions(r, this.record) });
      return;
    }
    if (x.status === 429) {
      this.ctx.emit({ type: 'throttled', retryAfterSeconds: x.retryAfterSeconds ?? 0, ...codeOf(x.body), ...(x.requestId ? { requestId: x.requestId } : {}) });
      return;
    }
    if (x.status !== undefined && x.status >= 200 && x.status < 300) {
      const statusUrl = x.asyncOperationUrl ?? x.location;
      this.addStatusPaths(r, [x.asyncOperationUrl, x.location].filter((u): u is string => !!u).map(safePath));
      if (x.retryAfterSeconds !== undefined) this.acceptedRetryAfter.set(r, x.retryAfterSeconds);
      this.ctx.emit({
        type: 'accepted', httpStatus: x.status,
        ...(x.requestId ? { requestId: x.requestId } : {}),
        ...(x.correlationId ? { correlationId: x.correlationId } : {}),
        ...(statusUrl ? { statusUrl } : {}),
        ...(x.retryAfterSeconds !== undefined ? { retryAfterSeconds: x.retryAfterSeconds } : {}),
      });
    }
  }
}

function requestOptions(r: PlannedAzureRequest, record: OperationRecord): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = { api: r.api, instanceIds: r.instanceIds.join(',') };
  if (r.skipShutdown !== undefined) out.skipShutdown = r.skipShutdown;
  if (r.action === 'deallocate') out.hibernate = r.hibernate === true;
  void record;
  return out;
}

function codeOf(body: unknown): { code?: string } {
  if (!body || typeof body !== 'object') return {};
  const b = body as { code?: unknown; error?: { code?: unknown } };
  const code = typeof b.error?.code === 'string' ? b.error.code : typeof b.code === 'string' ? b.code : undefined;
  return code ? { code } : {};
}

function targetStatus(outcome: RequestOutcome | undefined): TargetResult['status'] {
  switch (outcome?.status) {
    case 'succeeded': return 'succeeded';
    case 'failed':
    case 'canceled': return 'failed';
    case 'unknown': return 'unknown';
    default: return 'unknown';
  }
}

export function aggregate(requests: readonly PlannedAzureRequest[]): DriverOutcome {
  const statuses = requests.map((r) => r.outcome?.status ?? 'unknown');
  const firstError = requests.find((r) => r.outcome?.error)?.outcome?.error;
  const all = (s: string): boolean => statuses.length > 0 && statuses.every((x) => x === s);
  let status: OperationStatus;
  if (all('succeeded')) status = 'succeeded';
  else if (statuses.includes('succeeded')) status = 'partial';
  else if (statuses.includes('failed')) status = 'failed';
  else if (all('canceled')) status = 'canceled';
  else if (statuses.includes('canceled')) status = 'failed';
  else status = 'unknown';
  return status === 'succeeded' || !firstError ? { status } : { status, error: firstError };
}

function parseResumeState(value: unknown): AzureResumeState | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<AzureResumeState>;
  if (v.version !== 1 || !Array.isArray(v.requests)) return undefined;
  return v as AzureResumeState;
}

function labelOf(record: OperationRecord, r: PlannedAzureRequest): string {
  if (r.targets.length === 1) {
    const t = record.targets.find((x) => x.id === r.targets[0]);
    if (t) return t.label;
  }
  return `${r.scaleSet.name} (${r.instanceIds.length} instances)`;
}

function refusal(err: unknown, client: AzureFleetClient, target?: string): CloudErrorInfo {
  if (err instanceof AzureOperationRefused) return localError(err.code, err.message, 'invalidInput', target);
  if (err instanceof InvalidResourceIdError) return localError(err.code, err.message, 'invalidInput', target);
  return client.toCloudError(err, target);
}

function localError(code: string, message: string, category: CloudErrorInfo['category'], target?: string): CloudErrorInfo {
  return { cloud: 'azure', code, message, category, ...(target ? { target } : {}) };
}

/** Resolves after `ms`, or at once when the signal aborts (the caller checks the signal). */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
