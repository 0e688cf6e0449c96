/**
 * Fleet Power cloud emulator: Azure Resource Manager and Volcengine ECS over local HTTPS.
 *
 *   const emu = await startEmulator({ latencyMs: 30, seed: 7 });
 *   // emu.armUrl, emu.volcUrl, emu.caPath, emu.credentials, emu.requests, emu.inject(...), emu.stop()
 */
import { randomBytes } from 'node:crypto';
import { delimiter, join } from 'node:path';
import type { AzureEffect } from './azure/state';
import { ArmSurface } from './azure/surface';
import { ensureCertificates } from './core/certs';
import { EMULATOR_DIR } from './core/paths';
import { FaultSet, LRO_FAULT_KINDS } from './core/faults';
import { seededRandom } from './core/random';
import { RequestLog } from './core/requestLog';
import { startListener, type Listener, type Surface } from './core/server';
import type { AzurePowerStateCode, EcsStatusCode, EmuRequest, Fault, FleetFile, FleetMaintenanceProfile, FleetMaintenanceStatus } from './core/types';
import { handleControl } from './control';
import { defaultFleet, validateFleet } from './fleet';
import { createVolcSurface, type VolcSurface } from './volcengine/index';
import { ecs as ecsErrors } from './volcengine/errors';

export { defaultFleet, generateFleet, validateFleet, SAMPLE_SUBSCRIPTIONS, SAMPLE_TENANT_ID, type GenerateOptions } from './fleet';
export { multiTenantFleet, MULTI_TENANT } from './fleet/tenants';
export { ensureCertificates, defaultCertDir } from './core/certs';
export { RequestLog } from './core/requestLog';
export type * from './core/types';
export type { AzureEffect } from './azure/state';

export interface EmulatorOptions {
  /** Default: the sample fleet (defaultFleet()). */
  fleet?: FleetFile;
  latencyMs?: number;
  jitterMs?: number;
  /** Makes jitter repeat run to run. */
  seed?: number;
  faults?: Fault[];
  /** 0 / undefined: a free port on 127.0.0.1. */
  armPort?: number;
  volcPort?: number;
  /** How long VMs / instances stay in stopping / deallocating / STOPPING. Default 1500. */
  transitionMs?: number;
  /** Retry-After on 202s and status polls. Default 1; 0 allowed for fast tests. */
  retryAfterSeconds?: number;
  /** ARM list page size before nextLink. Default 20 (so the sample fleet's 24-VM scale set pages). */
  pageSize?: number;
  /** Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Where the CA and server certificate live. Default `<repo>/.emulator/certs`. */
  certDir?: string;
  /** Clock for transitions and operations (tests step it by hand). Default Date.now. */
  now?: () => number;
}

export interface Emulator {
  armUrl: string;
  volcUrl: string;
  caPath: string;
  credentials: {
    azure: {
      tenantId: string; msiEndpoint: string; msiSecret: string;
      /** The emulated user's sign-in (a refresh token from a sign-in without MFA), as `az login` keeps it. */
      refreshToken: string;
      /** The emulated user's name (the `upn` of its tokens), e.g. alex@contoso.onmicrosoft.com. */
      userName: string;
    };
    volcengine: { accessKeyId: string; secretKey: string };
  };
  requests: RequestLog;
  pageSize: number;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Snapshot of live state (power states as they are now). */
  state(): FleetFile;
  control: {
    azure: {
      setPowerState(vmIdOrName: string, state: AzurePowerStateCode, opts?: { hibernated?: boolean }): void;
      setMaintenanceEligible(vmIdOrName: string, eligible: boolean): void;
      /** The VM's maintenanceRedeployStatus: a profile placed around now, the spec's object verbatim, or null (nothing planned). */
      setMaintenance(vmIdOrName: string, status: FleetMaintenanceProfile | FleetMaintenanceStatus | null): void;
      /** While set, a start of this VM from deallocated (or hibernated) ends Failed with AllocationFailed. */
      setAllocationFailure(vmIdOrName: string, fails: boolean): void;
    };
    volcengine: {
      setStatus(instanceId: string, status: EcsStatusCode, stoppedMode?: 'KeepCharging' | 'StopCharging'): void;
      /** While set, starting the instance after an economical stop fails for lack of stock. */
      setOutOfStock(instanceId: string, outOfStock: boolean): void;
    };
  };
  /** Access to the Volcengine surface for tests that need more than the control API. */
  volcengine: VolcSurface;
  /** Every action the ARM surface carried out on a VM (one entry per VM per accepted request), oldest first. */
  azureEffects(vmIdOrName?: string): AzureEffect[];
  /**
   * Environment for a child process that talks to this emulator: PATH with emulator/bin first,
   * NODE_EXTRA_CA_CERTS, the variables emulator/bin/az reads, VOLCENGINE_ACCESS_KEY / VOLCENGINE_SECRET_KEY.
   */
  env(): Record<string, string>;
  stop(): Promise<void>;
}

export const EMULATOR_BIN_DIR = join(EMULATOR_DIR, 'bin');

function volcAction(req: EmuRequest): string {
  const fromQuery = req.url.searchParams.get('Action');
  if (fromQuery) return fromQuery;
  const b = req.body;
  if (b && typeof b === 'object' && typeof (b as Record<string, unknown>).Action === 'string') return (b as Record<string, string>).Action ?? '';
  return '';
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const fleet = structuredClone(validateFleet(opts.fleet ?? defaultFleet()));
  const certs = ensureCertificates(opts.certDir);
  const log = new RequestLog();
  const faults = new FaultSet();
  for (const f of opts.faults ?? []) faults.inject(f);
  const random = seededRandom(opts.seed ?? 1);
  const transitionMs = opts.transitionMs ?? 1500;
  const retryAfterSeconds = opts.retryAfterSeconds ?? 1;
  const pageSize = opts.pageSize ?? 20;
  const msiSecret = randomBytes(16).toString('hex');
  const volcCredentials = {
    accessKeyId: `AKLT${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')}`,
    secretKey: randomBytes(30).toString('base64'),
  };
  const volc = createVolcSurface({ regions: fleet.volcengine.regions, credentials: volcCredentials, transitionMs, ...(opts.now ? { now: opts.now } : {}) });

  // The ARM surface learns its own URL (token audience, nextLink / LRO URLs) once the port is known.
  const arm = new ArmSurface({
    fleet: fleet.azure, baseUrl: 'https://127.0.0.1', msiSecret, transitionMs, retryAfterSeconds, pageSize,
    tokenLifetimeSeconds: opts.tokenLifetimeSeconds ?? 3600,
    takeLroFault: (routeKey) => faults.take('arm', routeKey, LRO_FAULT_KINDS),
    ...(opts.now ? { now: opts.now } : {}),
  });
  const emulator = {} as Emulator;
  const armSurface: Surface = {
    classify(req) {
      const p = req.path.toLowerCase();
      if (p.startsWith('/_emulator')) return { service: 'control', routeKey: `${req.method} ${p}` };
      if (/^\/msi\/token\/?$/.test(p)) return { service: 'msi', routeKey: 'POST /msi/token' };
      if (/^\/[^/]+\/oauth2\/v2\.0\/(authorize|token)\/?$/.test(p)) return { service: 'login', routeKey: `${req.method} ${p}` };
      return { service: 'arm', routeKey: `${req.method} ${p}` };
    },
    handle(req, service) {
      if (service === 'control') {
        return Promise.resolve(handleControl(req, {
          requests: log,
          effects: () => ({ azure: arm.state.effects(), volcengine: volc.effects() }),
          inject: (f) => faults.inject(f),
          clearFaults: () => faults.clear(),
          state: () => emulator.state(),
          setPowerState: (vm, s, h) => arm.state.setPowerState(vm, s, h),
          setMaintenanceEligible: (vm, e) => arm.state.setMaintenanceEligible(vm, e),
          setMaintenance: (vm, m) => arm.state.setMaintenance(vm, m),
          setAllocationFailure: (vm, f) => arm.state.setAllocationFailure(vm, f),
          setEcsStatus: (id, s, m) => volc.setStatus(id, s, m),
          setEcsOutOfStock: (id, o) => volc.setOutOfStock(id, o),
          info: () => ({ armUrl: emulator.armUrl, volcUrl: emulator.volcUrl, caPath: emulator.caPath, tenantId: fleet.azure.tenantId, msiEndpoint: emulator.credentials.azure.msiEndpoint }),
        }));
      }
      return arm.handle(req);
    },
    faultResponse(fault, req, service) {
      if (service === 'login') return arm.identity.faultResponse(fault, req);
      return service === 'msi' ? arm.msiFaultResponse(fault) : arm.faultResponse(fault, req);
    },
    expireTokens() {
      arm.tokens.expireAll();
    },
  };
  const volcSurface: Surface = {
    classify: (req) => ({ service: 'volc', routeKey: volcAction(req) }),
    handle: (req) => volc.handle(req),
    faultResponse(fault, req) {
      const action = volcAction(req);
      const status = fault.kind === 'throttle' ? 429 : fault.status ?? 500;
      const code = fault.code ?? (fault.kind === 'throttle' ? 'FlowLimitExceeded' : status === 503 ? 'ServiceUnavailable' : 'InternalError');
      const message = fault.message ?? (fault.kind === 'throttle'
        ? ecsErrors.flowLimitExceeded.message
        : status === 503 ? 'The service is temporarily unavailable, please try again later.' : 'The request has failed due to an unknown error.');
      const answer = volc.errorResponse(action, status, code, message, req);
      // Retry-After only when the fault names one: whether the real gateway sends it is unverified (README, "choices").
      const retryAfter: Record<string, string> = fault.kind === 'throttle' && fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      return { ...answer, headers: { ...answer.headers, ...retryAfter }, ...(action ? { operation: action } : {}) };
    },
  };

  const common = { tls: { cert: certs.cert, key: certs.key }, log, faults, latencyMs: opts.latencyMs ?? 0, jitterMs: opts.jitterMs ?? 0, random };
  let armListener: Listener | undefined;
  let volcListener: Listener | undefined;
  try {
    armListener = await startListener({ ...common, port: opts.armPort ?? 0, surface: armSurface });
    volcListener = await startListener({ ...common, port: opts.volcPort ?? 0, surface: volcSurface });
  } catch (e) {
    await armListener?.close();
    volc.dispose();
    throw e;
  }
  const armUrl = `https://127.0.0.1:${armListener.port}`;
  const volcUrl = `https://127.0.0.1:${volcListener.port}`;
  arm.setBaseUrl(armUrl);
  const msiEndpoint = `${armUrl}/msi/token`;
  const refreshToken = arm.identity.userRefreshToken();
  const defaultSubscription = fleet.azure.subscriptions.find((s) => s.state === 'Enabled')?.subscriptionId ?? '';
  let stopped = false;

  Object.assign(emulator, {
    armUrl,
    volcUrl,
    caPath: certs.caPath,
    credentials: {
      azure: { tenantId: fleet.azure.tenantId, msiEndpoint, msiSecret, refreshToken, userName: arm.identity.userName },
      volcengine: { ...volcCredentials },
    },
    requests: log,
    pageSize,
    volcengine: volc,
    azureEffects: (vm?: string) => arm.state.effects(vm),
    inject: (f: Fault) => faults.inject(f),
    clearFaults: () => faults.clear(),
    state: (): FleetFile => ({ azure: arm.state.snapshot(), volcengine: { regions: volc.snapshot() } }),
    control: {
      azure: {
        setPowerState: (vm: string, s: AzurePowerStateCode, o?: { hibernated?: boolean }) => arm.state.setPowerState(vm, s, o?.hibernated),
        setMaintenanceEligible: (vm: string, e: boolean) => arm.state.setMaintenanceEligible(vm, e),
        setMaintenance: (vm: string, m: FleetMaintenanceProfile | FleetMaintenanceStatus | null) => arm.state.setMaintenance(vm, m),
        setAllocationFailure: (vm: string, f: boolean) => arm.state.setAllocationFailure(vm, f),
      },
      volcengine: {
        setStatus: (id: string, s: EcsStatusCode, m?: 'KeepCharging' | 'StopCharging') => volc.setStatus(id, s, m),
        setOutOfStock: (id: string, o: boolean) => volc.setOutOfStock(id, o),
      },
    },
    env: (): Record<string, string> => ({
      PATH: [EMULATOR_BIN_DIR, process.env.PATH ?? ''].filter(Boolean).join(delimiter),
      NODE_EXTRA_CA_CERTS: certs.caPath,
      FLEET_EMULATOR_ARM_URL: armUrl,
      FLEET_EMULATOR_MSI_ENDPOINT: msiEndpoint,
      FLEET_EMULATOR_MSI_SECRET: msiSecret,
      FLEET_EMULATOR_CA: certs.caPath,
      FLEET_EMULATOR_TENANT_ID: fleet.azure.tenantId,
      FLEET_EMULATOR_SUBSCRIPTION_ID: defaultSubscription,
      // emulator/bin/az redeems it at a tenant's token endpoint for `--tenant`.
      FLEET_EMULATOR_REFRESH_TOKEN: refreshToken,
      VOLCENGINE_ACCESS_KEY: volcCredentials.accessKeyId,
      VOLCENGINE_SECRET_KEY: volcCredentials.secretKey,
      FLEET_EMULATOR_VOLC_URL: volcUrl,
    }),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await Promise.all([armListener.close(), volcListener.close()]);
      volc.dispose();
    },
  } satisfies Emulator);
  return emulator;
}
