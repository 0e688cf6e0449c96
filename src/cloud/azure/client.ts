/**
 * The Azure fleet client: subscriptions, scale sets and instances (with power states, one
 * list call per page, never a request per VM), over the real SDKs loaded on first use.
 */
import type { TokenCredential } from '@azure/core-auth';
import type { ComputeManagementClient, VirtualMachine, VirtualMachineScaleSet, VirtualMachineScaleSetVM } from '@azure/arm-compute';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type * as ComputeSdk from '@azure/arm-compute';
import type * as SubscriptionsSdk from '@azure/arm-resources-subscriptions';
import type { AzureSubscription, OrchestrationMode, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import { parseArmId, parseScaleSetId, scaleSetId } from './armId';
import { mapWithConcurrency } from './concurrency';
import { validateEndpointUrl } from '../../fleet/endpoints/azure';
import { toCloudError } from './errors';
import { createArmPolicy, type ArmHttpListener } from './httpPolicy';
import { powerStateFromStatuses, provisioningStateFromStatuses } from './powerState';
import { cachingCredential } from './tokenCache';
import type { CloudErrorInfo } from '../../fleet/model';

export interface AzureFleetClientOptions {
  /** ARM base URL (from resolveAzureEndpoint). */
  endpoint: string;
  /** Token scope that goes with the endpoint (from resolveAzureEndpoint). */
  scope: string;
  credential: TokenCredential;
  /** Requests in flight at once when fanning out over subscriptions / scale sets. Default 8. */
  maxConcurrency?: number;
  /** LRO poll interval when the server sends no Retry-After. Default 2000 ms (the SDK's). */
  pollIntervalMs?: number;
  /** Sees every HTTP exchange of listing calls (operations get their own listener). */
  onHttpEvent?: ArmHttpListener;
  /** Retries of throttled / transient requests (SDK default 3). */
  maxRetries?: number;
  /** Limit per HTTP attempt. Default 60000 ms. */
  requestTimeoutMs?: number;
}

export interface SettledList<S, T> {
  source: S;
  items?: T[];
  error?: CloudErrorInfo;
}

export interface AzureFleetClient {
  readonly endpoint: string;
  readonly maxConcurrency: number;
  readonly pollIntervalMs: number;
  listSubscriptions(): Promise<AzureSubscription[]>;
  listScaleSets(subscriptionId: string): Promise<ScaleSet[]>;
  getScaleSet(ref: { subscriptionId: string; resourceGroup: string; name: string }): Promise<ScaleSet>;
  listInstances(scaleSet: ScaleSetRef): Promise<ScaleSetInstance[]>;
  /** Scale sets of many subscriptions, bounded concurrency; a failing subscription does not fail the others. */
  listScaleSetsOf(subscriptionIds: readonly string[]): Promise<SettledList<string, ScaleSet>[]>;
  /** Instances of many scale sets, bounded concurrency; per-scale-set errors kept. */
  listInstancesOf(scaleSets: readonly ScaleSetRef[]): Promise<SettledList<ScaleSetRef, ScaleSetInstance>[]>;
  /** The scale set as last listed (or fetched), by id. */
  knownScaleSet(id: string): ScaleSet | undefined;
  /** A compute client whose every HTTP exchange goes to `listener` (one per operation). */
  computeClientFor(subscriptionId: string, listener?: ArmHttpListener): Promise<ComputeManagementClient>;
  /** Converts an SDK error, using the raw body kept by the pipeline when the SDK dropped it. */
  toCloudError(err: unknown, target?: string): CloudErrorInfo;
}

type ComputeModule = typeof ComputeSdk;
type SubscriptionsModule = typeof SubscriptionsSdk;

let computeModule: Promise<ComputeModule> | undefined;
let subscriptionsModule: Promise<SubscriptionsModule> | undefined;

/** @azure/arm-compute, loaded once on first use. */
export function loadCompute(): Promise<ComputeModule> {
  computeModule ??= import('@azure/arm-compute');
  return computeModule;
}

function loadSubscriptions(): Promise<SubscriptionsModule> {
  subscriptionsModule ??= import('@azure/arm-resources-subscriptions');
  return subscriptionsModule;
}

export function createAzureFleetClient(opts: AzureFleetClientOptions): AzureFleetClient {
  const endpoint = validateEndpointUrl(opts.endpoint);
  const maxConcurrency = Math.max(1, Math.floor(opts.maxConcurrency ?? 8));
  const pollIntervalMs = Math.max(0, opts.pollIntervalMs ?? 2000);
  const errorBodies = new Map<string, string>();
  const credential = cachingCredential(opts.credential);
  const tokens = {
    current: async () => (await credential.getToken(opts.scope))?.token,
    refresh: async () => {
      credential.invalidate();
      return (await credential.getToken(opts.scope))?.token;
    },
  };
  const scaleSets = new Map<string, ScaleSet>();
  const computeClients = new Map<string, Promise<ComputeManagementClient>>();
  let subscriptionClient: Promise<SubscriptionClient> | undefined;

  const clientOptions = (listener: ArmHttpListener | undefined) => ({
    endpoint,
    credentials: { scopes: [opts.scope] },
    additionalPolicies: [{ policy: createArmPolicy({ listener, errorBodies, tokens, requestTimeoutMs: opts.requestTimeoutMs ?? 60_000 }), position: 'perRetry' as const }],
    ...(opts.maxRetries !== undefined ? { retryOptions: { maxRetries: opts.maxRetries } } : {}),
    userAgentOptions: { userAgentPrefix: 'fleet-power' },
  });

  const newCompute = async (subscriptionId: string, listener: ArmHttpListener | undefined): Promise<ComputeManagementClient> => {
    const { ComputeManagementClient } = await loadCompute();
    return new ComputeManagementClient(credential, subscriptionId, clientOptions(listener));
  };

  const compute = (subscriptionId: string): Promise<ComputeManagementClient> => {
    let c = computeClients.get(subscriptionId);
    if (!c) {
      c = newCompute(subscriptionId, opts.onHttpEvent);
      computeClients.set(subscriptionId, c);
    }
    return c;
  };

  const client: AzureFleetClient = {
    endpoint,
    maxConcurrency,
    pollIntervalMs,

    async listSubscriptions() {
      subscriptionClient ??= loadSubscriptions().then(({ SubscriptionClient }) => new SubscriptionClient(credential, clientOptions(opts.onHttpEvent)));
      const sc = await subscriptionClient;
      const out: AzureSubscription[] = [];
      for await (const s of sc.subscriptions.list()) {
        if (!s.subscriptionId) continue;
        out.push({
          subscriptionId: s.subscriptionId,
          displayName: s.displayName ?? s.subscriptionId,
          state: s.state ?? 'Unknown',
          ...(s.tenantId ? { tenantId: s.tenantId } : {}),
        });
      }
      return out;
    },

    async listScaleSets(subscriptionId) {
      const c = await compute(subscriptionId);
      const out: ScaleSet[] = [];
      for await (const vmss of c.virtualMachineScaleSets.listAll()) {
        const mapped = toScaleSet(vmss, subscriptionId);
        if (!mapped) continue;
        scaleSets.set(mapped.id.toLowerCase(), mapped);
        out.push(mapped);
      }
      return out;
    },

    async getScaleSet(ref) {
      const c = await compute(ref.subscriptionId);
      const vmss = await c.virtualMachineScaleSets.get(ref.resourceGroup, ref.name);
      const mapped = toScaleSet(vmss, ref.subscriptionId)
        ?? toScaleSet({ ...vmss, id: scaleSetId(ref.subscriptionId, ref.resourceGroup, ref.name) }, ref.subscriptionId);
      if (!mapped) throw new Error(`Azure returned an unreadable scale set for ${ref.name}.`);
      scaleSets.set(mapped.id.toLowerCase(), mapped);
      return mapped;
    },

    async listInstances(scaleSet) {
      const c = await compute(scaleSet.subscriptionId);
      const out: ScaleSetInstance[] = [];
      if (scaleSet.orchestrationMode === 'Flexible') {
        // VMSS-VM APIs do not serve Flexible scale sets; their VMs are plain VMs filtered by scale set.
        const filter = `'virtualMachineScaleSet/id' eq '${scaleSet.id}'`;
        for await (const vm of c.virtualMachines.list(scaleSet.resourceGroup, { filter, expand: 'instanceView' })) {
          const mapped = flexibleInstance(vm, scaleSet);
          if (mapped) out.push(mapped);
        }
      } else {
        for await (const vm of c.virtualMachineScaleSetVMs.list(scaleSet.resourceGroup, scaleSet.name, { expand: 'instanceView' })) {
          const mapped = uniformInstance(vm, scaleSet);
          if (mapped) out.push(mapped);
        }
      }
      return out;
    },

    listScaleSetsOf(subscriptionIds) {
      return mapWithConcurrency(subscriptionIds, maxConcurrency, async (source) => {
        try {
          return { source, items: await client.listScaleSets(source) };
        } catch (err) {
          return { source, error: client.toCloudError(err, `/subscriptions/${source}`) };
        }
      });
    },

    listInstancesOf(refs) {
      return mapWithConcurrency(refs, maxConcurrency, async (source) => {
        try {
          return { source, items: await client.listInstances(source) };
        } catch (err) {
          return { source, error: client.toCloudError(err, source.id) };
        }
      });
    },

    knownScaleSet(id) {
      return scaleSets.get(id.toLowerCase());
    },

    computeClientFor(subscriptionId, listener) {
      return newCompute(subscriptionId, listener);
    },

    toCloudError(err, target) {
      return toCloudError(err, target, { bodyForRequestId: (id) => errorBodies.get(id) });
    },
  };
  return client;
}

// ------------------------------------------------------------ mapping (pure; unit-tested)

export function toScaleSet(vmss: Pick<VirtualMachineScaleSet, 'id' | 'name' | 'location' | 'orchestrationMode' | 'additionalCapabilities' | 'sku' | 'provisioningState'>, subscriptionId: string): ScaleSet | undefined {
  if (!vmss.id) return undefined;
  let parsed;
  try {
    parsed = parseScaleSetId(vmss.id);
  } catch {
    return undefined;
  }
  const mode: OrchestrationMode = vmss.orchestrationMode?.toLowerCase() === 'flexible' ? 'Flexible' : 'Uniform';
  const out: ScaleSet = {
    id: vmss.id,
    name: vmss.name ?? parsed.scaleSetName,
    subscriptionId: parsed.subscriptionId || subscriptionId,
    resourceGroup: parsed.resourceGroup,
    orchestrationMode: mode,
    location: vmss.location ?? '',
    hibernationEnabled: vmss.additionalCapabilities?.hibernationEnabled === true,
  };
  if (vmss.sku?.name) out.skuName = vmss.sku.name;
  if (typeof vmss.sku?.capacity === 'number') out.capacity = vmss.sku.capacity;
  if (vmss.provisioningState) out.provisioningState = vmss.provisioningState;
  return out;
}

export function uniformInstance(vm: Pick<VirtualMachineScaleSetVM, 'id' | 'name' | 'instanceId' | 'instanceView' | 'provisioningState' | 'zones' | 'sku' | 'hardwareProfile' | 'osProfile'>, scaleSet: ScaleSetRef): ScaleSetInstance | undefined {
  // The SDK does not check types: an id that is not a string cannot be a node or a target.
  if (typeof vm.id !== 'string' || !vm.id) return undefined;
  const instanceId = typeof vm.instanceId === 'string' ? vm.instanceId : vm.id.split('/').pop() ?? '';
  const statuses = vm.instanceView?.statuses;
  const out: ScaleSetInstance = {
    id: vm.id,
    name: typeof vm.name === 'string' && vm.name ? vm.name : `${scaleSet.name}_${instanceId}`,
    instanceId,
    scaleSet: refOf(scaleSet),
    powerState: powerStateFromStatuses(statuses),
  };
  const provisioning = vm.provisioningState ?? provisioningStateFromStatuses(statuses);
  if (provisioning) out.provisioningState = provisioning;
  if (vm.zones?.[0]) out.zone = vm.zones[0];
  const size = vm.sku?.name ?? vm.hardwareProfile?.vmSize;
  if (size) out.vmSize = size;
  const computerName = vm.instanceView?.computerName ?? vm.osProfile?.computerName;
  if (computerName) out.computerName = computerName;
  return out;
}

export function flexibleInstance(vm: Pick<VirtualMachine, 'id' | 'name' | 'instanceView' | 'provisioningState' | 'zones' | 'hardwareProfile' | 'osProfile'>, scaleSet: ScaleSetRef): ScaleSetInstance | undefined {
  if (typeof vm.id !== 'string' || !vm.id) return undefined;
  let name = typeof vm.name === 'string' ? vm.name : undefined;
  if (!name) {
    try {
      const parsed = parseArmId(vm.id);
      if (parsed.kind === 'virtualMachine') name = parsed.vmName;
    } catch {
      return undefined;
    }
  }
  if (!name) return undefined;
  const statuses = vm.instanceView?.statuses;
  const out: ScaleSetInstance = {
    id: vm.id,
    name,
    instanceId: name,
    scaleSet: refOf(scaleSet),
    powerState: powerStateFromStatuses(statuses),
  };
  const provisioning = vm.provisioningState ?? provisioningStateFromStatuses(statuses);
  if (provisioning) out.provisioningState = provisioning;
  if (vm.zones?.[0]) out.zone = vm.zones[0];
  if (vm.hardwareProfile?.vmSize) out.vmSize = vm.hardwareProfile.vmSize;
  const computerName = vm.instanceView?.computerName ?? vm.osProfile?.computerName;
  if (computerName) out.computerName = computerName;
  return out;
}

export function refOf(s: ScaleSetRef): ScaleSetRef {
  return { id: s.id, name: s.name, subscriptionId: s.subscriptionId, resourceGroup: s.resourceGroup, orchestrationMode: s.orchestrationMode };
}
