/**
 * Azure Resource Manager surface: auth, routing (paths case-insensitive), paging, the compute
 * operations as ARM long-running operations, and the refusals Azure answers with.
 */
import { randomUUID } from 'node:crypto';
import type { EmuRequest, EmuResponse, Fault, FleetFile, FleetResourceGroup, FleetSubscription } from '../core/types';
import { ArmError, armErrors } from './errors';
import {
  scaleSetBody, scaleSetInstanceViewBody, scaleSetVmBody, subscriptionBody, virtualMachineBody, vmInstanceView,
} from './shapes';
import { AzureState, type Lro, type ScaleSetRec, type VmAction, type VmRec } from './state';
import { EntraIdentity, isSignInPath } from './identity';
import { TenantDirectory } from './tenants';
import { TokenAuthority, type TokenClaims } from './tokens';

export interface ArmSurfaceOptions {
  fleet: FleetFile['azure'];
  /** Until setBaseUrl: a placeholder; the real port is known once the listener runs. */
  baseUrl: string;
  msiSecret: string;
  transitionMs: number;
  retryAfterSeconds: number;
  pageSize: number;
  tokenLifetimeSeconds: number;
  /** Takes the LRO fault (lroFail, lroCancel, lroNoContent, lroOddBody, lroStuck) armed for a route, if any. */
  takeLroFault: (routeKey: string) => Fault | undefined;
  now?: () => number;
}

type Query = URLSearchParams;

const ACTIONS: Record<string, VmAction> = {
  poweroff: 'powerOff', deallocate: 'deallocate', performmaintenance: 'performMaintenance', start: 'start', restart: 'restart',
};

function header(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseBoolParam(q: Query, name: string): boolean {
  const v = q.get(name);
  if (v === null || v === '') return false;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw new ArmError(400, 'InvalidParameter', `The value '${v}' is not valid for query parameter '${name}'.`, name);
}

/** The log's operation name for a request, from its path alone (for answers that never reach routing). */
export function operationOf(req: EmuRequest): string | undefined {
  const p = req.path.toLowerCase().replace(/\/+$/, '');
  const action = /\/(poweroff|deallocate|performmaintenance|start|restart)$/.exec(p)?.[1];
  if (req.method === 'POST' && action) return ACTIONS[action];
  if (req.method !== 'GET') return undefined;
  if (/^\/msi\/token/.test(p)) return 'msiToken';
  if (isSignInPath(p)) return /authorize$/.test(p) ? 'authorize' : 'token';
  if (p === '/tenants') return 'listTenants';
  if (p === '/subscriptions') return 'listSubscriptions';
  if (/^\/subscriptions\/[^/]+$/.test(p)) return 'getSubscription';
  if (/\/operations\/[^/]+$/.test(p)) return /^true$/i.test(req.url.searchParams.get('monitor') ?? '') ? 'operationResult' : 'operationStatus';
  if (/^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/virtualmachinescalesets$/.test(p)) return 'listAllScaleSets';
  if (/^\/subscriptions\/[^/]+\/providers\/microsoft\.compute\/virtualmachines$/.test(p)) return 'listAllVirtualMachines';
  if (/\/virtualmachinescalesets\/[^/]+\/virtualmachines$/.test(p)) return 'listVMs';
  if (/\/virtualmachinescalesets\/[^/]+\/virtualmachines\/[^/]+\/instanceview$/.test(p)) return 'getVMInstanceView';
  if (/\/virtualmachinescalesets\/[^/]+\/virtualmachines\/[^/]+$/.test(p)) return 'getVM';
  if (/\/virtualmachinescalesets\/[^/]+\/instanceview$/.test(p)) return 'getScaleSetInstanceView';
  if (/\/virtualmachinescalesets\/[^/]+$/.test(p)) return 'getScaleSet';
  if (/\/virtualmachinescalesets$/.test(p)) return 'listScaleSets';
  if (/\/virtualmachines\/[^/]+\/instanceview$/.test(p)) return 'getVirtualMachineInstanceView';
  if (/\/virtualmachines\/[^/]+$/.test(p)) return 'getVirtualMachine';
  if (/\/virtualmachines$/.test(p)) return 'listVirtualMachines';
  return undefined;
}

export class ArmSurface {
  readonly state: AzureState;
  readonly tokens: TokenAuthority;
  readonly tenants: TenantDirectory;
  readonly identity: EntraIdentity;
  private readonly now: () => number;
  private readonly reads = new Map<string, { hour: number; remaining: number }>();
  private readonly writes = new Map<string, { hour: number; remaining: number }>();

  constructor(private readonly o: ArmSurfaceOptions) {
    this.now = o.now ?? Date.now;
    this.state = new AzureState(o.fleet, this.now);
    this.tokens = new TokenAuthority(o.fleet.tenantId, o.baseUrl, o.tokenLifetimeSeconds);
    this.tenants = new TenantDirectory(o.fleet);
    this.identity = new EntraIdentity(this.tenants, this.tokens, this.now);
  }

  setBaseUrl(url: string): void {
    this.o.baseUrl = url;
    this.tokens.setOwnBaseUrl(url);
  }

  // ------------------------------------------------------------------ headers

  private baseOf(req: EmuRequest): string {
    const host = header(req, 'host');
    return host ? `https://${host}` : this.o.baseUrl;
  }

  /** x-ms-* headers ARM puts on every answer. */
  private armHeaders(req: EmuRequest, requestId: string = randomUUID()): Record<string, string> {
    const correlation = header(req, 'x-ms-correlation-request-id') ?? header(req, 'x-ms-client-request-id') ?? randomUUID();
    const sub = /^\/subscriptions\/([^/]+)/i.exec(req.path)?.[1]?.toLowerCase() ?? 'tenant';
    const write = req.method !== 'GET';
    const counter = write ? this.writes : this.reads;
    // ARM's per-hour budget per subscription (12,000 reads / 1,200 writes); counts down, never throttles.
    const hour = Math.floor(this.now() / 3_600_000);
    const prev = counter.get(sub);
    const remaining = Math.max(0, (prev && prev.hour === hour ? prev.remaining : write ? 1200 : 12000) - 1);
    counter.set(sub, { hour, remaining });
    const stamp = new Date(this.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const h: Record<string, string> = {
      'Cache-Control': 'no-cache',
      Pragma: 'no-cache',
      Expires: '-1',
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
      'X-Content-Type-Options': 'nosniff',
      'x-ms-request-id': requestId,
      'x-ms-correlation-request-id': correlation,
      'x-ms-routing-request-id': `EASTUS:${stamp}:${randomUUID()}`,
      [write ? 'x-ms-ratelimit-remaining-subscription-writes' : 'x-ms-ratelimit-remaining-subscription-reads']: String(remaining),
      [write ? 'x-ms-ratelimit-remaining-subscription-global-writes' : 'x-ms-ratelimit-remaining-subscription-global-reads']: String(remaining * 3 + 2),
    };
    const clientRequestId = header(req, 'x-ms-client-request-id');
    if (clientRequestId) h['x-ms-client-request-id'] = clientRequestId;
    if (/\/providers\/microsoft\.compute\//i.test(req.path)) {
      h['x-ms-ratelimit-remaining-resource'] = write
        ? 'Microsoft.Compute/UpdateVMScaleSet3Min;239,Microsoft.Compute/UpdateVMScaleSet30Min;1199,Microsoft.Compute/VMScaleSetBatchedVMRequests5Min;1188'
        : 'Microsoft.Compute/GetVMScaleSet3Min;197,Microsoft.Compute/GetVMScaleSet30Min;1297';
    }
    return h;
  }

  private answer(req: EmuRequest, r: EmuResponse, requestId?: string): EmuResponse {
    return { ...r, headers: { ...this.armHeaders(req, requestId), ...(r.headers ?? {}) } };
  }

  // ------------------------------------------------------------------ entry points

  handle(req: EmuRequest): Promise<EmuResponse> {
    return Promise.resolve(this.handleSync(req));
  }

  private handleSync(req: EmuRequest): EmuResponse {
    if (/^\/msi\/token\/?$/i.test(req.path)) return this.msiToken(req);
    if (isSignInPath(req.path)) return this.identity.handle(req);
    let operation: string | undefined;
    try {
      const auth = this.tokens.check(header(req, 'authorization'));
      if (!auth.ok) {
        return this.answer(req, {
          status: 401,
          headers: { 'WWW-Authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${this.o.fleet.tenantId}", error="invalid_token", error_description="${auth.description}"` },
          json: { error: { code: auth.code, message: auth.message } },
          operation: 'unauthorized',
        });
      }
      if (!req.url.searchParams.has('api-version')) throw armErrors.missingApiVersion();
      const r = this.route(req, auth.claims, (op) => { operation = op; });
      return this.answer(req, { ...r, ...(operation !== undefined ? { operation } : {}) }, r.headers?.['x-ms-request-id'] as string | undefined);
    } catch (e) {
      if (e instanceof ArmError) return this.answer(req, e.toResponse(operation));
      throw e;
    }
  }

  /** CloudError answers for injected status / throttle faults (logged under the operation they hit). */
  faultResponse(fault: Fault, req: EmuRequest): EmuResponse {
    const operation = operationOf(req);
    return { ...this.faultAnswer(fault, req), ...(operation ? { operation } : {}) };
  }

  private faultAnswer(fault: Fault, req: EmuRequest): EmuResponse {
    if (fault.kind === 'throttle') {
      const retry = fault.retryAfterSeconds ?? 1;
      const start = new Date(this.now());
      return this.answer(req, {
        status: 429,
        headers: {
          'Retry-After': String(retry),
          'x-ms-ratelimit-remaining-resource': 'Microsoft.Compute/HighCostGet3Min;0,Microsoft.Compute/HighCostGet30Min;0',
        },
        json: {
          error: {
            code: fault.code ?? 'OperationNotAllowed',
            message: fault.message ?? 'The server rejected the request because too many requests have been received for this subscription.',
            details: [{
              code: 'TooManyRequests', target: 'HighCostGet30Min',
              message: JSON.stringify({ operationGroup: 'HighCostGet30Min', startTime: start.toISOString(), endTime: new Date(start.getTime() + retry * 1000).toISOString(), allowedRequestCount: 800, measuredRequestCount: 1238 }),
            }],
          },
        },
      });
    }
    const status = fault.status ?? 500;
    const requestId = randomUUID();
    const code = fault.code ?? (status === 503 ? 'ServiceUnavailable' : status === 500 ? 'InternalServerError' : 'InternalExecutionError');
    const message = fault.message ?? (status === 503
      ? 'The service is currently unavailable. Please retry the request later.'
      : `Encountered internal server error. Diagnostic information: timestamp '${new Date(this.now()).toISOString()}', tracking id '${requestId}', request correlation id '${header(req, 'x-ms-correlation-request-id') ?? requestId}'.`);
    return this.answer(req, { status, json: { error: { code, message } } }, requestId);
  }

  /** A JSON error for a fault on the managed-identity endpoint. */
  msiFaultResponse(fault: Fault): EmuResponse {
    if (fault.kind === 'throttle') {
      return { status: 429, headers: { 'Retry-After': String(fault.retryAfterSeconds ?? 1) }, json: { error: 'temporarily_unavailable', error_description: 'Too many requests' }, operation: 'msiToken' };
    }
    return { status: fault.status ?? 500, json: { error: 'server_error', error_description: fault.message ?? 'The managed identity endpoint failed.' }, operation: 'msiToken' };
  }

  // ------------------------------------------------------------------ managed identity

  /**
   * App Service style managed-identity endpoint. Accepts the 2017-09-01 form (GET, header `secret`,
   * used by msrestazure / Azure CLI 2.45), the 2019-08-01 form (`X-IDENTITY-HEADER`) and
   * `Metadata: true` (GET query or POST form `resource=`).
   */
  private msiToken(req: EmuRequest): EmuResponse {
    const form = req.body && typeof req.body === 'object' ? req.body as Record<string, unknown> : {};
    const resource = req.url.searchParams.get('resource') ?? (typeof form.resource === 'string' ? form.resource : undefined);
    const secret = header(req, 'secret') ?? header(req, 'x-identity-header');
    const metadata = header(req, 'metadata');
    if (secret === undefined && metadata?.toLowerCase() !== 'true') {
      return { status: 400, json: { error: 'invalid_request', error_description: 'Required metadata header not specified' }, operation: 'msiToken' };
    }
    if (secret !== undefined && secret !== this.o.msiSecret) {
      return { status: 401, json: { error: 'unauthorized_client', error_description: 'The identity header or secret is not valid.' }, operation: 'msiToken' };
    }
    if (!resource) {
      return { status: 400, json: { error: 'invalid_request', error_description: "Required query variable 'resource' is missing" }, operation: 'msiToken' };
    }
    const { token, claims } = this.tokens.issue(resource);
    return {
      status: 200,
      json: {
        access_token: token,
        expires_on: String(claims.exp),
        expires_in: String(claims.exp - claims.iat),
        not_before: String(claims.nbf),
        resource,
        token_type: 'Bearer',
        client_id: claims.appid,
      },
      operation: 'msiToken',
    };
  }

  // ------------------------------------------------------------------ routing

  private route(req: EmuRequest, token: TokenClaims, setOp: (op: string) => void): EmuResponse {
    const seg = req.path.split('/').filter((s) => s !== '');
    const lower = seg.map((s) => s.toLowerCase());
    const q = req.url.searchParams;
    const m = req.method;
    const notFound = () => armErrors.noRoute(m, req.url.pathname);

    if (lower[0] === 'tenants' && seg.length === 1 && m === 'GET') {
      setOp('listTenants');
      return this.page(req, this.tenants.all(), (t) => this.tenants.body(t));
    }
    if (lower[0] !== 'subscriptions') throw notFound();
    if (seg.length === 1) {
      if (m !== 'GET') throw notFound();
      setOp('listSubscriptions');
      // Each token sees the subscriptions its tenant owns or manages, not every subscription of the fleet.
      const visible = this.state.fleet.subscriptions.filter((s) => this.tenants.admits(s, token.tid));
      return this.page(req, visible, (s) => subscriptionBody(s, this.tenants.homeTenantOf(s)));
    }
    const sub = this.state.subscription(seg[1] ?? '');
    if (!sub) throw armErrors.subscriptionNotFound(seg[1] ?? '');
    if (!this.tenants.admits(sub, token.tid)) {
      setOp(operationOf(req) ?? 'unauthorized');
      throw this.tenants.wrongTenant(token.tid, sub);
    }
    if (m === 'POST' && this.tenants.challengesAction(token)) {
      // Logged under the action it refused ("powerOff"), so a test counts its attempts.
      setOp(operationOf(req) ?? 'unauthorized');
      throw this.tenants.mfaChallenge(token.tid);
    }
    if (seg.length === 2) {
      if (m !== 'GET') throw notFound();
      setOp('getSubscription');
      return { status: 200, json: subscriptionBody(sub, this.tenants.homeTenantOf(sub)) };
    }
    // /subscriptions/{s}/providers/Microsoft.Compute/...
    if (lower[2] === 'providers' && lower[3] === 'microsoft.compute') {
      if (lower[4] === 'virtualmachinescalesets' && seg.length === 5 && m === 'GET') {
        setOp('listAllScaleSets');
        return this.page(req, this.state.scaleSetsOf(sub), (s) => scaleSetBody(this.state, s));
      }
      if (lower[4] === 'virtualmachines' && seg.length === 5 && m === 'GET') {
        setOp('listAllVirtualMachines');
        return this.listVirtualMachines(req, sub, undefined, true);
      }
      if (lower[4] === 'locations' && lower[6] === 'operations' && seg.length === 8 && m === 'GET') {
        const monitor = /^true$/i.test(q.get('monitor') ?? '');
        setOp(monitor ? 'operationResult' : 'operationStatus');
        return this.operation(req, seg[7] ?? '', monitor);
      }
      throw notFound();
    }
    if (lower[2] !== 'resourcegroups' || seg.length < 4) throw notFound();
    const rg = this.state.resourceGroup(sub, seg[3] ?? '');
    if (!rg) throw armErrors.resourceGroupNotFound(seg[3] ?? '');
    if (seg.length === 4 && m === 'GET') {
      setOp('getResourceGroup');
      return { status: 200, json: { id: `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg.name}`, name: rg.name, type: 'Microsoft.Resources/resourceGroups', location: rg.location, properties: { provisioningState: 'Succeeded' } } };
    }
    if (lower[4] !== 'providers' || lower[5] !== 'microsoft.compute') throw notFound();
    const kind = lower[6];
    const rest = seg.slice(7);
    const restLower = lower.slice(7);

    if (kind === 'virtualmachinescalesets') {
      if (rest.length === 0) {
        if (m !== 'GET') throw notFound();
        setOp('listScaleSets');
        return this.page(req, this.state.scaleSetsOf(sub, rg), (s) => scaleSetBody(this.state, s));
      }
      const set = this.state.scaleSet(sub.subscriptionId, rg.name, rest[0] ?? '');
      const missingSet = () => armErrors.resourceNotFound('Microsoft.Compute/virtualMachineScaleSets', rest[0] ?? '', rg.name);
      if (rest.length === 1 && m === 'GET') {
        setOp('getScaleSet');
        if (!set) throw missingSet();
        return { status: 200, json: scaleSetBody(this.state, set) };
      }
      if (rest.length === 2 && restLower[1] === 'instanceview' && m === 'GET') {
        setOp('getScaleSetInstanceView');
        if (!set) throw missingSet();
        if (set.ss.orchestrationMode === 'Flexible') throw armErrors.flexibleNotAllowed('VirtualMachineScaleSets.instanceView.GET', set.ss.name);
        return { status: 200, json: scaleSetInstanceViewBody(this.state, set) };
      }
      if (rest.length === 2 && m === 'POST' && ACTIONS[restLower[1] ?? '']) {
        const action = ACTIONS[restLower[1] ?? ''] as VmAction;
        setOp(action);
        if (!set) throw missingSet();
        return this.scaleSetAction(req, sub, set, action);
      }
      if (restLower[1] === 'virtualmachines') {
        if (!set) {
          setOp(rest.length === 2 ? 'listVMs' : rest.length === 3 ? 'getVM' : (ACTIONS[restLower[3] ?? ''] ?? 'getVMInstanceView'));
          throw missingSet();
        }
        if (rest.length === 2 && m === 'GET') {
          setOp('listVMs');
          return this.listScaleSetVms(req, set);
        }
        const instanceId = rest[2] ?? '';
        if (rest.length === 3 && m === 'GET') {
          setOp('getVM');
          const vm = this.scaleSetVm(set, instanceId, 'GET');
          const expand = q.get('$expand');
          if (expand !== null && !/^instanceView$/i.test(expand) && !/^userData$/i.test(expand)) throw armErrors.invalidQuery('$expand', expand);
          return { status: 200, json: scaleSetVmBody(this.state, vm, expand !== null && /^instanceView$/i.test(expand) ? 'full' : 'none') };
        }
        if (rest.length === 4 && restLower[3] === 'instanceview' && m === 'GET') {
          setOp('getVMInstanceView');
          const vm = this.scaleSetVm(set, instanceId, 'instanceView.GET');
          return { status: 200, json: vmInstanceView(this.state, vm) };
        }
        if (rest.length === 4 && m === 'POST' && ACTIONS[restLower[3] ?? '']) {
          const action = ACTIONS[restLower[3] ?? ''] as VmAction;
          setOp(action);
          const vm = this.scaleSetVm(set, instanceId, 'POST');
          if (action === 'deallocate' && q.has('hibernate')) {
            // The VMSS VM deallocate API takes no hibernate parameter (azure-cli custom.py works around it).
            throw new ArmError(400, 'InvalidParameter', "The query parameter 'hibernate' is not supported for Virtual Machine Scale Set VM deallocate.", 'hibernate');
          }
          return this.startLro(req, sub, set.location, action, [vm], { hibernate: false });
        }
      }
      throw notFound();
    }

    if (kind === 'virtualmachines') {
      if (rest.length === 0) {
        if (m !== 'GET') throw notFound();
        setOp('listVirtualMachines');
        return this.listVirtualMachines(req, sub, rg, false);
      }
      const vm = this.state.flexVm(sub.subscriptionId, rg.name, rest[0] ?? '');
      const missingVm = () => armErrors.resourceNotFound('Microsoft.Compute/virtualMachines', rest[0] ?? '', rg.name);
      if (rest.length === 1 && m === 'GET') {
        setOp('getVirtualMachine');
        if (!vm) throw missingVm();
        const expand = q.get('$expand');
        if (expand !== null && !/^instanceView$/i.test(expand) && !/^userData$/i.test(expand)) throw armErrors.invalidQuery('$expand', expand);
        return { status: 200, json: virtualMachineBody(this.state, vm, expand !== null && /^instanceView$/i.test(expand)) };
      }
      if (rest.length === 2 && restLower[1] === 'instanceview' && m === 'GET') {
        setOp('getVirtualMachineInstanceView');
        if (!vm) throw missingVm();
        return { status: 200, json: vmInstanceView(this.state, vm) };
      }
      if (rest.length === 2 && m === 'POST' && ACTIONS[restLower[1] ?? '']) {
        const action = ACTIONS[restLower[1] ?? ''] as VmAction;
        setOp(action);
        if (!vm) throw missingVm();
        const hibernate = action === 'deallocate' && parseBoolParam(q, 'hibernate');
        if (hibernate && !vm.set.ss.hibernationEnabled) throw armErrors.hibernateNotEnabled('VM', vm.name);
        return this.startLro(req, sub, vm.set.location, action, [vm], { hibernate });
      }
      throw notFound();
    }
    throw notFound();
  }

  // ------------------------------------------------------------------ lists

  /** `value` + absolute `nextLink` ($skiptoken) when more than a page remains. */
  private page<T>(req: EmuRequest, items: T[], body: (item: T) => unknown = (x) => x): EmuResponse {
    const token = req.url.searchParams.get('$skiptoken');
    const start = token === null ? 0 : Number.parseInt(token, 10);
    if (!Number.isInteger(start) || start < 0) throw armErrors.invalidQuery('$skiptoken', token ?? '');
    const size = Math.max(1, this.o.pageSize);
    // Only the page's items are rendered: a large scale set costs per page, not per VM in it.
    const json: Record<string, unknown> = { value: items.slice(start, start + size).map(body) };
    if (start + size < items.length) {
      const next = new URL(req.url.pathname + req.url.search, this.baseOf(req));
      next.searchParams.set('$skiptoken', String(start + size));
      json.nextLink = next.toString();
    }
    return { status: 200, json };
  }

  private listScaleSetVms(req: EmuRequest, set: ScaleSetRec): EmuResponse {
    const q = req.url.searchParams;
    const expand = q.get('$expand');
    const select = q.get('$select');
    const filter = q.get('$filter');
    if (expand !== null && !/^instanceView$/i.test(expand)) throw armErrors.invalidQuery('$expand', expand);
    if (select !== null && !/^instanceView(\/statuses)?$/i.test(select.trim())) throw armErrors.invalidQuery('$select', select);
    let view: 'none' | 'full' | 'statuses' = 'none';
    if (select !== null) view = /statuses$/i.test(select.trim()) ? 'statuses' : 'full';
    else if (expand !== null) view = 'full';
    if (set.ss.orchestrationMode === 'Flexible' && view !== 'none') {
      throw armErrors.flexibleNotAllowed('VirtualMachineScaleSets.virtualMachines.GET', set.ss.name);
    }
    let vms = this.state.vms(set);
    if (filter !== null) {
      const f = filter.replace(/\s+/g, ' ').trim();
      if (/^startswith\(instanceView\/statuses\/code, ?'PowerState'\) eq true$/i.test(f)) {
        vms = vms.filter((vm) => vm.inst.powerState !== undefined);
      } else if (/^properties\/latestModelApplied eq true$/i.test(f)) {
        // every emulated instance runs the latest model
      } else if (/^properties\/latestModelApplied eq false$/i.test(f)) {
        vms = [];
      } else {
        throw armErrors.invalidQuery('$filter', filter);
      }
    }
    return this.page(req, vms, (vm) => scaleSetVmBody(this.state, vm, view));
  }

  private listVirtualMachines(req: EmuRequest, sub: FleetSubscription, rg: FleetResourceGroup | undefined, subscriptionWide: boolean): EmuResponse {
    const q = req.url.searchParams;
    const filter = q.get('$filter');
    const expand = q.get('$expand');
    const statusOnly = /^true$/i.test(q.get('statusOnly') ?? '');
    if (expand !== null && !/^instanceView$/i.test(expand)) throw armErrors.invalidQuery('$expand', expand);
    let vms = this.state.flexVmsOf(sub, rg);
    if (filter !== null) {
      const fm = /^\s*'?virtualMachineScaleSet\/id'?\s+eq\s+'([^']+)'\s*$/i.exec(filter);
      if (!fm?.[1]) throw armErrors.invalidQuery('$filter', filter);
      const wanted = fm[1].toLowerCase();
      vms = vms.filter((vm) => vm.set.id.toLowerCase() === wanted);
    } else if (expand !== null && subscriptionWide) {
      throw armErrors.expandNeedsFilter();
    }
    const withView = expand !== null || statusOnly;
    return this.page(req, vms, (vm) => virtualMachineBody(this.state, vm, withView));
  }

  private scaleSetVm(set: ScaleSetRec, instanceId: string, verb: string): VmRec {
    if (!/^\d+$/.test(instanceId)) throw armErrors.instanceIdNotNumber();
    if (set.ss.orchestrationMode === 'Flexible') throw armErrors.flexibleNotAllowed(`VirtualMachineScaleSets.virtualMachines.${verb}`, set.ss.name);
    const vm = this.state.vms(set).find((v) => v.inst.instanceId === instanceId);
    if (!vm) throw armErrors.resourceNotFound('Microsoft.Compute/virtualMachineScaleSets', `${set.ss.name}/virtualMachines/${instanceId}`, set.rg.name);
    return vm;
  }

  // ------------------------------------------------------------------ operations

  private scaleSetAction(req: EmuRequest, sub: FleetSubscription, set: ScaleSetRec, action: VmAction): EmuResponse {
    const q = req.url.searchParams;
    const hibernate = action === 'deallocate' && parseBoolParam(q, 'hibernate');
    if (action === 'powerOff') parseBoolParam(q, 'skipShutdown');
    if (sub.state === 'Disabled') throw armErrors.readOnlyDisabled(sub.subscriptionId);
    if (hibernate && set.ss.orchestrationMode === 'Uniform') throw armErrors.hibernateUniform(set.ss.name);
    if (hibernate && !set.ss.hibernationEnabled) throw armErrors.hibernateNotEnabled('Virtual Machine Scale Set', set.ss.name);
    const all = this.state.vms(set);
    let targets: VmRec[] = all;
    const body = req.body;
    if (req.rawBody.length > 0 && body === undefined) throw armErrors.invalidInstanceIds('request body is not valid JSON');
    if (body !== undefined && body !== null) {
      if (typeof body !== 'object' || Array.isArray(body)) throw armErrors.invalidInstanceIds('expected an object with instanceIds');
      const ids = (body as Record<string, unknown>).instanceIds;
      if (ids !== undefined && ids !== null) {
        if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string')) throw armErrors.invalidInstanceIds('instanceIds must be an array of strings');
        const wanted = [...new Set(ids as string[])];
        if (wanted.length > 0 && !wanted.includes('*')) {
          targets = wanted.map((id) => {
            const vm = all.find((v) => v.inst.instanceId.toLowerCase() === id.toLowerCase());
            if (!vm) throw armErrors.notActiveInstance(id);
            return vm;
          });
        }
      }
    }
    return this.startLro(req, sub, set.location, action, targets, { hibernate });
  }

  private startLro(req: EmuRequest, sub: FleetSubscription, location: string, action: VmAction, vms: VmRec[], o: { hibernate: boolean }): EmuResponse {
    if (sub.state === 'Disabled') throw armErrors.readOnlyDisabled(sub.subscriptionId);
    const q = req.url.searchParams;
    if (action === 'powerOff') parseBoolParam(q, 'skipShutdown');
    for (const vm of vms) {
      const p = vm.inst.powerState;
      if (action === 'powerOff' && (p === 'deallocated' || p === 'deallocating')) throw armErrors.deallocatedPowerOff('powerOff', vm.name);
      const busy = this.state.busyWith(vm);
      if (busy) throw armErrors.inProgress(action, vm.name);
      if (action === 'performMaintenance' && !this.state.eligible(vm)) throw armErrors.maintenanceNotEligible(vm.name);
      if (action === 'restart' && p !== 'running') throw armErrors.restartNotRunning(vm.name, p);
    }
    const fault = this.o.takeLroFault(`${req.method} ${req.url.pathname.toLowerCase()}`);
    const startedAt = this.now();
    if (fault?.kind === 'actionNoContent') {
      // Completed synchronously: ARM's action contract allows 200/204 instead of 202 + Location.
      for (const vm of vms) this.state.begin(vm, action, { hibernate: o.hibernate, until: startedAt, revert: false });
      return { status: 204, headers: { 'x-ms-request-id': randomUUID() } };
    }
    // lroStuck: the operation never ends, so its VMs never leave the transitional state either.
    const endsAt = fault?.kind === 'lroStuck' ? Number.POSITIVE_INFINITY : startedAt + this.o.transitionMs;
    const ending = fault?.kind === 'lroNoContent' ? 'noContent' as const : fault?.kind === 'lroOddBody' ? 'oddBody' as const : undefined;
    // A start that needs new hardware for a VM marked to fail allocation: the LRO fails, the other VMs start.
    const unallocated = new Set(action === 'start' ? vms.filter((vm) => this.state.allocationFails(vm)) : []);
    const outcome = fault?.kind === 'lroFail' || unallocated.size > 0 ? 'Failed' : fault?.kind === 'lroCancel' ? 'Canceled' : 'Succeeded';
    const allocationError = unallocated.size > 0 && fault?.kind !== 'lroFail' ? armErrors.allocationFailed() : undefined;
    const lro = this.state.addLro({
      subscriptionId: sub.subscriptionId, location, operation: action, startedAt, endsAt, outcome, ...(ending ? { ending } : {}),
      ...(allocationError ? { error: { code: allocationError.code, message: allocationError.message } } : {}),
      ...(outcome === 'Failed' && !allocationError ? { error: { code: fault?.code ?? 'InternalExecutionError', message: fault?.message ?? 'An internal execution error occurred. Please retry later.' } } : {}),
      ...(outcome === 'Canceled' ? { error: { code: fault?.code ?? 'OperationPreempted', message: fault?.message ?? 'Operation execution has been preempted by a more recent operation.' } } : {}),
    });
    // A failed or canceled LRO (by fault) leaves every VM as it was; an allocation failure only the VMs it hit.
    const reverts = (vm: VmRec): boolean => (allocationError ? unallocated.has(vm) : outcome !== 'Succeeded');
    for (const vm of vms) this.state.begin(vm, action, { hibernate: o.hibernate, until: endsAt, revert: reverts(vm) });
    return { status: 202, headers: { ...this.lroHeaders(req, lro), 'x-ms-request-id': lro.id } };
  }

  private lroHeaders(req: EmuRequest, lro: Lro): Record<string, string> {
    const apiVersion = req.url.searchParams.get('api-version') ?? '2024-07-01';
    const base = `${this.baseOf(req)}/subscriptions/${lro.subscriptionId}/providers/Microsoft.Compute/locations/${lro.location}/operations/${lro.id}`;
    const p = encodeURIComponent(lro.id);
    return {
      'Azure-AsyncOperation': `${base}?p=${p}&api-version=${apiVersion}`,
      Location: `${base}?p=${p}&monitor=true&api-version=${apiVersion}`,
      'Retry-After': String(this.o.retryAfterSeconds),
      'Azure-AsyncNotification': 'Enabled',
    };
  }

  /** Azure-AsyncOperation status resource (always 200) or the Location monitor (202 until done). */
  private operation(req: EmuRequest, id: string, monitor: boolean): EmuResponse {
    const lro = this.state.lro(id);
    if (!lro) throw armErrors.operationNotFound(id);
    const done = this.now() >= lro.endsAt;
    if (monitor) {
      if (!done) return { status: 202, headers: { ...this.lroHeaders(req, lro), 'x-ms-request-id': lro.id } };
      // ARM allows 204 here for an action without a response (async-api-reference.md); the SDK rejects it.
      if (lro.outcome === 'Succeeded') return { status: lro.ending === 'noContent' ? 204 : 200, headers: { 'x-ms-request-id': lro.id } };
      const status = lro.outcome === 'Canceled' ? 409 : 500;
      return { status, headers: { 'x-ms-request-id': lro.id }, json: { error: lro.error } };
    }
    const body: Record<string, unknown> = {
      startTime: new Date(lro.startedAt).toISOString(),
      status: done ? lro.outcome : 'InProgress',
      name: lro.id,
    };
    if (done) body.endTime = new Date(lro.endsAt).toISOString();
    // Outside the contract on purpose (a fault): the status word is not a string.
    if (done && lro.ending === 'oddBody') body.status = { code: lro.outcome };
    if (done && lro.error) body.error = lro.error;
    return {
      status: 200,
      headers: { 'x-ms-request-id': lro.id, ...(done ? {} : { 'Retry-After': String(this.o.retryAfterSeconds) }) },
      json: body,
    };
  }
}
