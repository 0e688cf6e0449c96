/**
 * The Azure fleet client: subscriptions, scale sets and instances (with power states, one
 * list call per page, never a request per VM), over the real SDKs loaded on first use. One
 * compute client per subscription serves listing and operations alike. ARM throttles each
 * subscription on its own (azure-arm.md "ARM-level throttling"), so listings are bounded per
 * subscription: maxConcurrency lists of one subscription at once, other subscriptions alongside.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { ComputeManagementClient } from '@azure/arm-compute';
import type * as ComputeSdk from '@azure/arm-compute';
import type * as SubscriptionsSdk from '@azure/arm-resources-subscriptions';
import { ConcurrencyLimiter } from '../../fleet/async';
import { armIdKey } from '../../fleet/clouds';
import type { ProxyConfig } from '../../fleet/proxy';
import { TunnelAgent } from '../tunnelAgent';
import { validateEndpointUrl } from '../../fleet/endpoints/azure';
import type { AzureSubscription, CloudErrorInfo, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import type { ThrottleListener } from '../../fleet/waits';
import { scaleSetId } from './armId';
import { toCloudError } from './errors';
import type { AzureDirectory } from './directory';
import { createArmPolicy, type ArmHttpListener, type ArmTokenSource } from './httpPolicy';
import { throttleWaitOf } from './throttleWaits';
import { flexibleInstance, toScaleSet, uniformInstance } from './mapping';
import { createTenancy, type TenantMode } from './tenancy';

export interface AzureFleetClientOptions {
  /** ARM base URL (from resolveAzureEndpoint). */
  endpoint: string;
  /** Token scope that goes with the endpoint (from resolveAzureEndpoint). */
  scope: string;
  credential: TokenCredential;
  /**
   * 'account' (VS Code account, Azure CLI): list every tenant of the account and send each
   * subscription's requests with a token of its tenant. 'credential' (default; a service
   * principal): the credential's own tenant only.
   */
  tenants?: TenantMode;
  /** The SDKs' transport; default their own (tests pass an in-memory ARM). */
  httpClient?: HttpClient;
  /** Lists in flight at once per subscription (subscriptions are listed alongside each other). Default 8. */
  maxConcurrency?: number;
  /** LRO poll interval when the server sends no Retry-After. Default 2000 ms (the SDK's). */
  pollIntervalMs?: number;
  /** Sees every HTTP exchange not made inside observeExchanges (listing calls). */
  onHttpEvent?: ArmHttpListener;
  /** Retries of throttled / transient requests (SDK default 3). */
  maxRetries?: number;
  /** Limit per HTTP attempt. Default 60000 ms. */
  requestTimeoutMs?: number;
  /** The proxy every request goes through (VS Code's http.proxy); none when undefined. */
  proxy?: ProxyConfig;
}

interface SettledList<S, T> {
  source: S;
  items?: T[];
  error?: CloudErrorInfo;
}

export interface AzureFleetClient {
  readonly endpoint: string;
  readonly maxConcurrency: number;
  readonly pollIntervalMs: number;
  listSubscriptions(): Promise<AzureSubscription[]>;
  /** The tenants and their subscriptions, listed again; a tenant that fails is reported, not thrown (listSubscriptions: its subscriptions). */
  listDirectory(): Promise<AzureDirectory>;
  /** The newest directory listing (listSubscriptions makes one too), without listing again; undefined before the first. */
  lastDirectory(): Promise<AzureDirectory> | undefined;
  listScaleSets(subscriptionId: string): Promise<ScaleSet[]>;
  getScaleSet(ref: { subscriptionId: string; resourceGroup: string; name: string }): Promise<ScaleSet>;
  listInstances(scaleSet: ScaleSetRef): Promise<ScaleSetInstance[]>;
  /** Scale sets of many subscriptions, bounded per subscription; a failing subscription does not fail the others. */
  listScaleSetsOf(subscriptionIds: readonly string[]): Promise<SettledList<string, ScaleSet>[]>;
  /** Instances of many scale sets, bounded per subscription; per-scale-set errors kept. */
  listInstancesOf(scaleSets: readonly ScaleSetRef[]): Promise<SettledList<ScaleSetRef, ScaleSetInstance>[]>;
  /** The scale set as last listed (or fetched), by id. */
  knownScaleSet(id: string): ScaleSet | undefined;
  /** The id (armIdKey) of the scale set whose listing last showed this VM; undefined when none did. */
  knownScaleSetOfVm(vmId: string): string | undefined;
  /** The subscription's compute client, created once and shared by listing and operations. */
  computeClientFor(subscriptionId: string): Promise<ComputeManagementClient>;
  /** Runs `work`; every HTTP exchange it causes (retries and LRO polls included) goes to `listener`, not to onHttpEvent. */
  observeExchanges<T>(listener: ArmHttpListener, work: () => Promise<T>): Promise<T>;
  /** Runs a listing; every throttled wait the SDK makes for it (Retry-After on 429/503) goes to `onWait`. */
  observeListing<T>(onWait: ThrottleListener, work: () => Promise<T>): Promise<T>;
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
  const scaleSets = new Map<string, ScaleSet>();
  // Which scale set's listing showed each VM: a Flexible VM's id does not name its scale set.
  const memberships = new Map<string, string>();
  const computeClients = new Map<string, Promise<ComputeManagementClient>>();
  const limiters = new Map<string, ConcurrencyLimiter>();
  /** Every list call of a subscription waits for a place in that subscription's bound. */
  const bounded = <T>(subscriptionId: string, work: () => Promise<T>): Promise<T> => {
    const key = subscriptionId.toLowerCase();
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(maxConcurrency);
      limiters.set(key, limiter);
    }
    return limiter.run(work);
  };
  // The SDK reports retries, 429 waits and LRO polls to no per-call hook, only to pipeline
  // policies, which are per client; the async context says whose work an exchange belongs to.
  const observer = new AsyncLocalStorage<ArmHttpListener>();
  const listener: ArmHttpListener = (exchange) => (observer.getStore() ?? opts.onHttpEvent)?.(exchange);

  // The ARM policy re-reads the token for each attempt, so each tenant's clients get their own.
  const clientOptions = (tokens: ArmTokenSource) => ({
    endpoint,
    credentials: { scopes: [opts.scope] },
    additionalPolicies: [{ policy: createArmPolicy({ listener, errorBodies, tokens, requestTimeoutMs: opts.requestTimeoutMs ?? 60_000, ...(opts.proxy ? { agent: new TunnelAgent(opts.proxy, { keepAlive: true }) } : {}) }), position: 'perRetry' as const }],
    ...(opts.maxRetries !== undefined ? { retryOptions: { maxRetries: opts.maxRetries } } : {}),
    ...(opts.httpClient ? { httpClient: opts.httpClient } : {}),
    userAgentOptions: { userAgentPrefix: 'fleet-power' },
  });
  const tenancy = createTenancy({
    credential: opts.credential, scope: opts.scope, mode: opts.tenants ?? 'credential', maxConcurrency,
    subscriptionClient: (credential, tokens) => loadSubscriptions().then(({ SubscriptionClient }) => new SubscriptionClient(credential, clientOptions(tokens))),
    toCloudError: (err, target) => client.toCloudError(err, target),
  });

  const compute = (subscriptionId: string): Promise<ComputeManagementClient> => {
    const key = subscriptionId.toLowerCase();
    let created = computeClients.get(key);
    if (!created) {
      const credential = tenancy.credentialFor(subscriptionId);
      created = loadCompute().then(({ ComputeManagementClient }) => new ComputeManagementClient(credential, subscriptionId, clientOptions(tenancy.tokensFor(credential))));
      computeClients.set(key, created);
    }
    return created;
  };

  const client: AzureFleetClient = {
    endpoint,
    maxConcurrency,
    pollIntervalMs,

    async listSubscriptions() {
      return (await tenancy.listDirectory()).subscriptions;
    },

    listDirectory() {
      return tenancy.listDirectory();
    },

    lastDirectory() {
      return tenancy.latest;
    },

    listScaleSets(subscriptionId) {
      return bounded(subscriptionId, async () => {
        const computeClient = await compute(subscriptionId);
        const out: ScaleSet[] = [];
        for await (const vmss of computeClient.virtualMachineScaleSets.listAll()) {
          const mapped = toScaleSet(vmss, subscriptionId);
          if (!mapped) continue;
          scaleSets.set(mapped.id.toLowerCase(), mapped);
          out.push(mapped);
        }
        return out;
      });
    },

    async getScaleSet(ref) {
      const computeClient = await compute(ref.subscriptionId);
      const vmss = await computeClient.virtualMachineScaleSets.get(ref.resourceGroup, ref.name);
      const mapped = toScaleSet(vmss, ref.subscriptionId)
        ?? toScaleSet({ ...vmss, id: scaleSetId(ref.subscriptionId, ref.resourceGroup, ref.name) }, ref.subscriptionId);
      if (!mapped) throw new Error(`Azure returned an unreadable scale set for ${ref.name}.`);
      scaleSets.set(mapped.id.toLowerCase(), mapped);
      return mapped;
    },

    listInstances(scaleSet) {
      return bounded(scaleSet.subscriptionId, async () => {
        const computeClient = await compute(scaleSet.subscriptionId);
        const out: ScaleSetInstance[] = [];
        if (scaleSet.orchestrationMode === 'Flexible') {
          // VMSS-VM APIs do not serve Flexible scale sets; their VMs are plain VMs filtered by scale set.
          const filter = `'virtualMachineScaleSet/id' eq '${scaleSet.id}'`;
          for await (const vm of computeClient.virtualMachines.list(scaleSet.resourceGroup, { filter, expand: 'instanceView' })) {
            const mapped = flexibleInstance(vm, scaleSet);
            if (mapped) out.push(mapped);
            if (mapped) memberships.set(armIdKey(mapped.id), armIdKey(scaleSet.id));
          }
        } else {
          for await (const vm of computeClient.virtualMachineScaleSetVMs.list(scaleSet.resourceGroup, scaleSet.name, { expand: 'instanceView' })) {
            const mapped = uniformInstance(vm, scaleSet);
            if (mapped) out.push(mapped);
            if (mapped) memberships.set(armIdKey(mapped.id), armIdKey(scaleSet.id));
          }
        }
        return out;
      });
    },

    // Each list waits in its own subscription's bound (listScaleSets / listInstances), so all of them start at once.
    listScaleSetsOf(subscriptionIds) {
      return Promise.all(subscriptionIds.map(async (source) => {
        try {
          return { source, items: await client.listScaleSets(source) };
        } catch (err) {
          return { source, error: client.toCloudError(err, `/subscriptions/${source}`) };
        }
      }));
    },

    listInstancesOf(refs) {
      return Promise.all(refs.map(async (source) => {
        try {
          return { source, items: await client.listInstances(source) };
        } catch (err) {
          return { source, error: client.toCloudError(err, source.id) };
        }
      }));
    },

    knownScaleSet(id) {
      return scaleSets.get(id.toLowerCase());
    },

    knownScaleSetOfVm(vmId) {
      return memberships.get(armIdKey(vmId));
    },

    computeClientFor(subscriptionId) {
      return compute(subscriptionId);
    },

    observeExchanges(exchangeListener, work) {
      return observer.run(exchangeListener, work);
    },

    observeListing(onWait, work) {
      return observer.run((exchange) => {
        const wait = throttleWaitOf(exchange);
        if (wait) onWait(wait);
        opts.onHttpEvent?.(exchange);
      }, work);
    },

    toCloudError(err, target) {
      return toCloudError(err, target, { bodyForRequestId: (id) => errorBodies.get(id) });
    },
  };
  return client;
}
