/**
 * Control API on the ARM port (`/_emulator/...`), so a separate process (the demo, a shell) can
 * drive the emulator the way tests do through the programmatic API. No auth: it listens on 127.0.0.1 only.
 */
import { MAINTENANCE_PROFILES } from './azure/maintenance';
import type {
  AzurePowerStateCode, EcsStatusCode, EmuRequest, EmuResponse, Fault, FaultKind, FleetMaintenanceProfile, FleetMaintenanceStatus,
} from './core/types';
import { validateFleet } from './fleet/validate';
import type { RequestFilter, RequestLog } from './core/requestLog';

export interface ControlTarget {
  requests: RequestLog;
  /** Every action carried out on a VM / an ECS instance so far (the duplicate counts are made from these). */
  effects(): { azure: unknown[]; volcengine: unknown[] };
  inject(fault: Fault): void;
  clearFaults(): void;
  state(): unknown;
  setPowerState(vm: string, state: AzurePowerStateCode, hibernated?: boolean): void;
  setMaintenanceEligible(vm: string, eligible: boolean): void;
  setMaintenance(vm: string, status: FleetMaintenanceProfile | FleetMaintenanceStatus | null): void;
  setAllocationFailure(vm: string, fails: boolean): void;
  setEcsStatus(instanceId: string, status: EcsStatusCode, stoppedMode?: 'KeepCharging' | 'StopCharging'): void;
  setEcsOutOfStock(instanceId: string, outOfStock: boolean): void;
  info(): Record<string, unknown>;
}

const POWER: AzurePowerStateCode[] = ['running', 'stopped', 'deallocated', 'starting', 'stopping', 'deallocating'];
const ECS: EcsStatusCode[] = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING'];
const KINDS: FaultKind[] = ['latency', 'status', 'throttle', 'reset', 'hang', 'malformed', 'lroFail', 'lroCancel', 'tokenExpiry', 'lroNoContent', 'lroOddBody', 'lroStuck', 'actionNoContent'];

const bad = (message: string): EmuResponse => ({ status: 400, json: { error: message }, operation: 'control' });
const done: EmuResponse = { status: 204, operation: 'control' };

function obj(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? body as Record<string, unknown> : {};
}

/** JSON fault: `route` is a substring, or `routeRegex` a regular expression source. */
export function faultFromJson(body: unknown): Fault | string {
  const b = obj(body);
  const kind = b.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) return `kind must be one of ${KINDS.join(', ')}`;
  const f: Fault = { kind: kind as FaultKind };
  if (typeof b.routeRegex === 'string') f.route = new RegExp(b.routeRegex, 'i');
  else if (typeof b.route === 'string') f.route = b.route;
  if (b.service === 'arm' || b.service === 'volc' || b.service === 'msi' || b.service === 'login') f.service = b.service;
  if (typeof b.count === 'number' || b.count === null) f.count = b.count === null ? Infinity : b.count;
  for (const k of ['status', 'ms', 'retryAfterSeconds'] as const) if (typeof b[k] === 'number') f[k] = b[k];
  for (const k of ['code', 'message'] as const) if (typeof b[k] === 'string') f[k] = b[k];
  if (typeof b.afterEffect === 'boolean') f.afterEffect = b.afterEffect;
  return f;
}

export function handleControl(req: EmuRequest, t: ControlTarget): EmuResponse {
  const p = req.path.replace(/\/+$/, '').toLowerCase();
  const b = obj(req.body);
  try {
    if (req.method === 'GET' && (p === '/_emulator' || p === '/_emulator/info')) return { status: 200, json: t.info(), operation: 'control' };
    if (req.method === 'GET' && p === '/_emulator/state') return { status: 200, json: t.state(), operation: 'control' };
    if (req.method === 'GET' && p === '/_emulator/effects') return { status: 200, json: t.effects(), operation: 'control' };
    if (p === '/_emulator/requests') {
      if (req.method === 'DELETE') { t.requests.clear(); return done; }
      const q = req.url.searchParams;
      const filter: Partial<RequestFilter> = {};
      const service = q.get('service');
      if (service === 'arm' || service === 'volc' || service === 'msi' || service === 'login' || service === 'control') filter.service = service;
      for (const k of ['method', 'operation', 'pathIncludes'] as const) { const v = q.get(k); if (v !== null) filter[k] = v; }
      return { status: 200, json: t.requests.where(filter).filter((r) => r.service !== 'control'), operation: 'control' };
    }
    if (p === '/_emulator/faults') {
      if (req.method === 'DELETE') { t.clearFaults(); return done; }
      if (req.method === 'POST') {
        const f = faultFromJson(req.body);
        if (typeof f === 'string') return bad(f);
        t.inject(f);
        return done;
      }
    }
    if (req.method === 'POST' && p === '/_emulator/azure/power-state') {
      const state = b.state;
      if (typeof b.vm !== 'string' || typeof state !== 'string' || !POWER.includes(state as AzurePowerStateCode)) return bad(`body: { vm: string, state: ${POWER.join('|')}, hibernated?: boolean }`);
      t.setPowerState(b.vm, state as AzurePowerStateCode, b.hibernated === true);
      return done;
    }
    if (req.method === 'POST' && p === '/_emulator/azure/maintenance') {
      const usage = `body: { vm: string, eligible: boolean } or { vm: string, status: ${MAINTENANCE_PROFILES.join('|')}|MaintenanceRedeployStatus|null }`;
      if (typeof b.vm !== 'string') return bad(usage);
      if (typeof b.eligible === 'boolean') {
        t.setMaintenanceEligible(b.vm, b.eligible);
        return done;
      }
      if (b.status === null) {
        t.setMaintenance(b.vm, null);
        return done;
      }
      if (!('status' in b)) return bad(usage);
      // The fleet file's check for the field, on a one-VM fleet.
      validateFleet({ azure: { tenantId: 't', subscriptions: [{ subscriptionId: 's', displayName: 's', state: 'Enabled', resourceGroups: [{ name: 'rg', location: 'l', scaleSets: [{ name: 'ss', orchestrationMode: 'Flexible', sku: { name: 'x' }, instances: [{ instanceId: b.vm, powerState: 'running', maintenance: b.status }] }] }] }] }, volcengine: { regions: [] } });
      t.setMaintenance(b.vm, b.status as FleetMaintenanceProfile | FleetMaintenanceStatus);
      return done;
    }
    if (req.method === 'POST' && p === '/_emulator/azure/allocation-failure') {
      if (typeof b.vm !== 'string' || typeof b.fails !== 'boolean') return bad('body: { vm: string, fails: boolean }');
      t.setAllocationFailure(b.vm, b.fails);
      return done;
    }
    if (req.method === 'POST' && p === '/_emulator/volcengine/out-of-stock') {
      if (typeof b.instanceId !== 'string' || typeof b.outOfStock !== 'boolean') return bad('body: { instanceId: string, outOfStock: boolean }');
      t.setEcsOutOfStock(b.instanceId, b.outOfStock);
      return done;
    }
    if (req.method === 'POST' && p === '/_emulator/volcengine/status') {
      const status = b.status;
      const mode = b.stoppedMode;
      if (typeof b.instanceId !== 'string' || typeof status !== 'string' || !ECS.includes(status as EcsStatusCode)) return bad(`body: { instanceId: string, status: ${ECS.join('|')}, stoppedMode?: KeepCharging|StopCharging }`);
      if (mode !== undefined && mode !== 'KeepCharging' && mode !== 'StopCharging') return bad('stoppedMode must be KeepCharging or StopCharging');
      t.setEcsStatus(b.instanceId, status as EcsStatusCode, mode);
      return done;
    }
  } catch (e) {
    return bad(e instanceof Error ? e.message : String(e));
  }
  return { status: 404, json: { error: `No control route ${req.method} ${req.path}` }, operation: 'control' };
}
