/**
 * The Volcengine ECS OpenAPI surface (Version 2020-04-01) of the emulator: gateway checks
 * (signature, timestamp, action/version), the ECS actions the extension uses, and the error
 * envelope `{"ResponseMetadata":{…,"Error":{Code,CodeN,Message}}}`.
 * Facts and their sources: SOURCES.md.
 */
import { randomBytes } from 'node:crypto';
import type { EmuRequest, EmuResponse, FleetEcsRegion, EcsStatusCode } from '../core/types';
import { ecs, gateway, type VolcErrorSpec } from './errors';
import { describeInstance } from './instances';
import { ActionParams, parseBody, parseQuery } from './params';
import { parseAuthorization, parseXDate, verify, type QueryPairs } from './signing';
import { EcsFleetState, type EcsEffect, type InstanceState, type StoppedMode } from './state';

export { canonicalRequest, stringToSign, signature, verify, canonicalQuery, parseAuthorization, uriEncode } from './signing';
export type { EcsEffect } from './state';
/** Documented codes, statuses and messages, e.g. `ecsErrors.flowLimitExceeded` for an injected throttle. */
export { ecs as ecsErrors, gateway as gatewayErrors, type VolcErrorSpec } from './errors';

export const VOLC_API_VERSION = '2020-04-01';
export const VOLC_SERVICE = 'ecs';
/** X-Date may differ from the server clock by this much (gateway InvalidTimestamp). */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

export interface VolcSurface {
  handle(req: EmuRequest): Promise<EmuResponse>;
  /**
   * The Volcengine error envelope for an injected fault (throttle → 429 FlowLimitExceeded, 500 InternalError,
   * Insufficient.InstanceCapacity…). Pass the request to report its region in the envelope.
   */
  errorResponse(action: string, httpStatus: number, code: string, message: string, req?: EmuRequest): EmuResponse;
  /** Live state (transitional statuses settled against the clock). */
  snapshot(): FleetEcsRegion[];
  /** Control API: put an instance in a status at once, without recording an effect. */
  setStatus(instanceId: string, status: EcsStatusCode, stoppedMode?: StoppedMode): void;
  /** Control API: whether a start after an economical stop finds no stock (Insufficient.InstanceCapacity). */
  setOutOfStock(instanceId: string, outOfStock: boolean): void;
  /** Every state change a power action caused, oldest first (optionally for one instance). */
  effects(instanceId?: string): EcsEffect[];
  /** Temporary credentials (an STS session) accepted until `lifetimeMs` from now, then refused with InvalidSecurityToken. */
  issueSessionCredentials(lifetimeMs: number): { accessKeyId: string; secretKey: string; sessionToken: string; expiresAt: number };
  /** How long a request carrying a ClientToken stays "in process" (IdempotentProcessing for a concurrent twin). */
  setIdempotencyProcessingMs(ms: number): void;
  /** ClientTokens whose first request is still in process. */
  processingTokens(): string[];
  dispose(): void;
}

export interface VolcSurfaceOptions {
  regions: FleetEcsRegion[];
  credentials: { accessKeyId: string; secretKey: string };
  /** RUNNING → STOPPING → STOPPED (and STOPPED → STARTING → RUNNING) takes this long. */
  transitionMs: number;
  now?: () => number;
  /** Default 50 ms; see setIdempotencyProcessingMs. */
  idempotencyProcessingMs?: number;
}

/** The power actions: each refuses and applies by its own rule. */
type PowerKind = 'stop' | 'start' | 'reboot';

/** Elastic bare-metal families and the ebmhpc* GPU types: ForceStop is always in effect (StopInstance / RebootInstance docs). */
export function alwaysForceStopped(instanceTypeId: string): boolean {
  const family = instanceTypeId.split('.')[1] ?? '';
  return /^ebm/.test(family);
}

/** Instance families that cannot stop in StopCharging mode: bare metal, HPC, local-disk (i*, d*) families. */
export function supportsStopCharging(instanceTypeId: string): boolean {
  const family = instanceTypeId.split('.')[1] ?? '';
  return !/^(ebm|hpc|i\d|d\d)/.test(family);
}

type ActionResult = { ok: true; result: Record<string, unknown> } | { ok: false; error: VolcErrorSpec };

interface IdempotencyRecord {
  fingerprint: string;
  processing: boolean;
  answer?: ActionResult;
}

interface CallContext {
  action: string;
  region: string;
  params: ActionParams;
}

const ok = (result: Record<string, unknown>): ActionResult => ({ ok: true, result });
const fail = (error: VolcErrorSpec): ActionResult => ({ ok: false, error });

function parseBool(value: string | undefined): boolean | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  const v = value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return 'invalid';
}

function parseStoppedMode(value: string | undefined): StoppedMode | undefined | 'invalid' {
  if (value === undefined || value === '') return undefined;
  return value === 'KeepCharging' || value === 'StopCharging' ? value : 'invalid';
}

/** ClientToken: ASCII only, at most 64 characters (StopInstance doc). */
function clientTokenValid(token: string): boolean {
  return token.length <= 64 && /^[\x20-\x7e]*$/.test(token);
}

/** Page tokens are opaque to clients; here they carry the offset of the next page. */
function encodeToken(offset: number): string {
  return Buffer.from(`emu:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string | undefined): number | undefined | 'invalid' {
  if (token === undefined || token === '') return undefined;
  const m = /^emu:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : 'invalid';
}

function parseMaxResults(value: string | undefined, def: number, max: number): number | 'invalid' {
  if (value === undefined || value === '') return def;
  if (!/^\d+$/.test(value)) return 'invalid';
  const n = Number(value);
  return n >= 1 && n <= max ? n : 'invalid';
}

function page<T>(items: T[], params: ActionParams, def: number, max: number): { ok: true; items: T[]; next: string } | { ok: false } {
  const size = parseMaxResults(params.get('MaxResults'), def, max);
  const offset = decodeToken(params.get('NextToken'));
  if (size === 'invalid' || offset === 'invalid' || (offset !== undefined && offset > items.length)) return { ok: false };
  const start = offset ?? 0;
  const end = start + size;
  return { ok: true, items: items.slice(start, end), next: end < items.length ? encodeToken(end) : '' };
}

/** `yyyyMMddHHmmss` (Beijing time) + 20 upper-case hex characters, like "2021062415303301022514515207C4****". */
function newRequestId(nowMs: number): string {
  const stamp = new Date(nowMs + 8 * 3600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return stamp + randomBytes(10).toString('hex').toUpperCase();
}

function headerValue(req: EmuRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The region of the credential scope, if the request has a parseable Authorization header. */
function regionOf(req: EmuRequest): string {
  const auth = headerValue(req, 'authorization');
  if (!auth) return '';
  const parsed = parseAuthorization(auth);
  return parsed.ok ? parsed.auth.scope.region : '';
}

export function createVolcSurface(opts: VolcSurfaceOptions): VolcSurface {
  const now = opts.now ?? Date.now;
  const state = new EcsFleetState(opts.regions, opts.transitionMs, now);
  const tokens = new Map<string, IdempotencyRecord>();
  let processingMs = opts.idempotencyProcessingMs ?? 50;
  const pending = new Set<{ timer: ReturnType<typeof setTimeout>; resolve: () => void }>();

  function envelope(action: string, version: string, region: string, requestId: string): Record<string, unknown> {
    return { RequestId: requestId, Action: action, Version: version, Service: VOLC_SERVICE, Region: region };
  }

  function respond(action: string, region: string, status: number, requestId: string, payload: Record<string, unknown>): EmuResponse {
    return {
      status,
      operation: action,
      headers: { 'Content-Type': 'application/json; charset=utf-8', 'X-Top-Request-Id': requestId, 'X-Top-Service': VOLC_SERVICE, 'X-Top-Region': region },
      json: payload,
    };
  }

  function errorEnvelope(action: string, version: string, region: string, err: VolcErrorSpec): EmuResponse {
    const requestId = newRequestId(now());
    const error: Record<string, unknown> = { Code: err.code };
    if (err.codeN !== undefined) error.CodeN = err.codeN;
    error.Message = err.message;
    return respond(action, region, err.status, requestId, { ResponseMetadata: { ...envelope(action, version, region, requestId), Error: error } });
  }

  function successEnvelope(action: string, version: string, region: string, result: Record<string, unknown>): EmuResponse {
    const requestId = newRequestId(now());
    return respond(action, region, 200, requestId, { ResponseMetadata: envelope(action, version, region, requestId), Result: result });
  }

  function sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = { timer: setTimeout(() => { pending.delete(entry); resolve(); }, ms), resolve };
      pending.add(entry);
    });
  }

  // ------------------------------------------------------------ instance checks

  /** Refusals every power action shares: the OperationDenied.* flags and an unavailable dedicated host. */
  function deniedBy(inst: InstanceState): VolcErrorSpec | undefined {
    if (inst.data.locked) return ecs.resourceLocked;
    if (inst.data.createdByOtherService) return ecs.createdByOtherService;
    if (inst.data.creatingImage) return ecs.creatingImage;
    if (inst.data.dedicatedHostUnavailable) return ecs.dedicatedHostStatusUnsupported;
    return undefined;
  }

  function stopRefusal(inst: InstanceState, mode: StoppedMode | undefined): VolcErrorSpec | undefined {
    const denied = deniedBy(inst);
    if (denied) return denied;
    if (mode === 'StopCharging') {
      if (inst.data.scheduledInstance) return ecs.scheduledInstanceUnsupported;
      if (inst.data.instanceChargeType === 'PrePaid') return ecs.chargeTypeMismatch;
      if (!supportsStopCharging(inst.data.instanceTypeId)) return ecs.instanceTypeMismatch;
    }
    const status = inst.data.status;
    // Already stopped in the other mode: the requested mode conflicts with the instance's status.
    if (status === 'STOPPED' && mode !== undefined && mode !== (inst.data.stoppedMode ?? 'KeepCharging')) return ecs.stoppedModeConflict;
    if (status !== 'RUNNING') return ecs.invalidInstanceStatus;
    return undefined;
  }

  function startRefusal(inst: InstanceState): VolcErrorSpec | undefined {
    const denied = deniedBy(inst);
    if (denied) return denied;
    if (inst.data.status !== 'STOPPED') return ecs.invalidInstanceStatus;
    // After an economical stop the start re-creates vCPU and memory and fails without stock (seed 003, StoppedMode).
    if (inst.data.stoppedMode === 'StopCharging' && inst.data.noStockOnStart) return ecs.insufficientCapacity;
    return undefined;
  }

  function rebootRefusal(inst: InstanceState): VolcErrorSpec | undefined {
    return deniedBy(inst) ?? (inst.data.status === 'RUNNING' ? undefined : ecs.invalidInstanceStatus);
  }

  function refusalOf(kind: PowerKind, inst: InstanceState, mode: StoppedMode | undefined): VolcErrorSpec | undefined {
    switch (kind) {
      case 'stop': return stopRefusal(inst, mode);
      case 'start': return startRefusal(inst);
      case 'reboot': return rebootRefusal(inst);
    }
  }

  function apply(kind: PowerKind, inst: InstanceState, action: string, input: { forceStop: boolean; mode: StoppedMode | undefined }): void {
    switch (kind) {
      case 'stop': state.stop(inst, action, input.forceStop, input.mode ?? 'KeepCharging'); return;
      case 'start': state.start(inst, action); return;
      // Bare-metal and the ebmhpc* GPU types are always force-stopped, whatever ForceStop says (RebootInstance doc).
      case 'reboot': state.reboot(inst, action, input.forceStop || alwaysForceStopped(inst.data.instanceTypeId)); return;
    }
  }

  // ------------------------------------------------------------ idempotency

  /**
   * Runs a mutating call under its ClientToken: the first request is "in process" for
   * `processingMs` after its effect (a concurrent twin gets IdempotentProcessing); afterwards an
   * identical request gets the same answer without a second effect, a different one
   * IdempotentParameterMismatch. Refused requests do not consume the token.
   */
  async function idempotent(ctx: CallContext, run: () => ActionResult): Promise<ActionResult> {
    const token = ctx.params.get('ClientToken');
    if (token === undefined || token === '') return run();
    const key = `${ctx.region}\n${token}`;
    const fingerprint = `${ctx.action}?${ctx.params.fingerprint(['ClientToken'])}`;
    const seen = tokens.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) return fail(ecs.idempotentParameterMismatch);
      if (seen.processing) return fail(ecs.idempotentProcessing);
      if (seen.answer) return seen.answer;
    }
    const answer = run();
    if (!answer.ok) return answer;
    const record: IdempotencyRecord = { fingerprint, processing: true, answer };
    tokens.set(key, record);
    await sleep(processingMs);
    record.processing = false;
    return answer;
  }

  /** ForceStop / DryRun / StoppedMode / ClientToken, validated in the order of the error table. */
  function commonInput(params: ActionParams, kind: PowerKind):
    { ok: true; forceStop: boolean; dryRun: boolean; mode: StoppedMode | undefined } | { ok: false; error: VolcErrorSpec } {
    // StartInstance(s) has no ForceStop (Go SDK StartInstanceInput): it is ignored there.
    const forceStop = kind === 'start' ? undefined : parseBool(params.get('ForceStop'));
    const dryRun = parseBool(params.get('DryRun'));
    if (forceStop === 'invalid' || dryRun === 'invalid') return { ok: false, error: ecs.invalidArgument };
    const mode = kind === 'stop' ? parseStoppedMode(params.get('StoppedMode')) : undefined;
    if (mode === 'invalid') return { ok: false, error: ecs.invalidStoppedModeMalformed };
    const token = params.get('ClientToken');
    if (token !== undefined && !clientTokenValid(token)) return { ok: false, error: ecs.invalidClientTokenMalformed };
    return { ok: true, forceStop: forceStop ?? false, dryRun: dryRun ?? false, mode };
  }

  // ------------------------------------------------------------ actions

  function powerOne(ctx: CallContext, kind: PowerKind): Promise<ActionResult> {
    const id = ctx.params.get('InstanceId');
    if (id === undefined || id === '') return Promise.resolve(fail(ecs.missingInstanceId));
    const input = commonInput(ctx.params, kind);
    if (!input.ok) return Promise.resolve(fail(input.error));
    const attempt = (effect: boolean): ActionResult => {
      const inst = state.find(ctx.region, id);
      if (!inst) return fail(ecs.instanceNotFound);
      const refusal = refusalOf(kind, inst, input.mode);
      if (refusal) return fail(refusal);
      if (!effect) return fail(ecs.dryRunOperation);
      apply(kind, inst, ctx.action, input);
      return ok({});
    };
    if (input.dryRun) return Promise.resolve(attempt(false));
    return idempotent(ctx, () => attempt(true));
  }

  function powerMany(ctx: CallContext, kind: PowerKind): Promise<ActionResult> {
    const ids = ctx.params.list('InstanceIds');
    if (ids.length === 0) return Promise.resolve(fail(ecs.missingInstanceIds));
    if (ids.length > 100) return Promise.resolve(fail(ecs.limitExceededInstanceIds));
    const input = commonInput(ctx.params, kind);
    if (!input.ok) return Promise.resolve(fail(input.error));
    // The batch actions take no DryRun (the Go SDK inputs have none): it is ignored.
    return idempotent(ctx, () => {
      const details = ids.map((id) => {
        const inst = state.find(ctx.region, id);
        const refusal = inst ? refusalOf(kind, inst, input.mode) : ecs.instanceNotFound;
        if (refusal || !inst) {
          const e = refusal ?? ecs.instanceNotFound;
          return { InstanceId: id, Error: { Code: e.code, Message: e.message } };
        }
        apply(kind, inst, ctx.action, input);
        return { InstanceId: id };
      });
      return ok({ OperationDetails: details });
    });
  }

  function describeRegions(ctx: CallContext): ActionResult {
    const wanted = ctx.params.list('RegionIds');
    if (wanted.length > 20) return fail(ecs.limitExceededRegionIds);
    const ids = state.regionIds().filter((r) => wanted.length === 0 || wanted.includes(r));
    const p = page(ids, ctx.params, 10, 20);
    if (!p.ok) return fail(ecs.invalidArgument);
    return ok({ Regions: p.items.map((RegionId) => ({ RegionId })), NextToken: p.next });
  }

  function describeZones(ctx: CallContext): ActionResult {
    const wanted = ctx.params.list('ZoneIds');
    const zones = state.zoneIds(ctx.region).filter((z) => wanted.length === 0 || wanted.includes(z));
    return ok({ Zones: zones.map((ZoneId) => ({ ZoneId })) });
  }

  function describeInstances(ctx: CallContext): ActionResult {
    const p = ctx.params;
    const ids = p.list('InstanceIds');
    if (ids.length > 100) return fail(ecs.limitExceededInstanceIds);
    const types = p.list('InstanceTypeIds');
    const filters: ((i: InstanceState) => boolean)[] = [];
    if (ids.length > 0) filters.push((i) => ids.includes(i.data.instanceId));
    if (types.length > 0) filters.push((i) => types.includes(i.data.instanceTypeId));
    const exact: [string, (i: InstanceState) => string][] = [
      ['Status', (i) => i.data.status],
      ['ZoneId', (i) => i.zoneId],
      ['InstanceName', (i) => i.data.instanceName],
      ['InstanceChargeType', (i) => i.data.instanceChargeType],
    ];
    for (const [name, get] of exact) {
      const v = p.get(name);
      if (v !== undefined && v !== '') filters.push((i) => get(i) === v);
    }
    const matched = state.instancesIn(ctx.region).filter((i) => filters.every((f) => f(i)));
    const pg = page(matched, p, 10, 100);
    if (!pg.ok) return fail(ecs.invalidArgument);
    return ok({ Instances: pg.items.map(describeInstance), NextToken: pg.next, TotalCount: matched.length });
  }

  const actions = new Map<string, (ctx: CallContext) => ActionResult | Promise<ActionResult>>([
    ['DescribeRegions', describeRegions],
    ['DescribeZones', describeZones],
    ['DescribeInstances', describeInstances],
    ['StopInstance', (ctx) => powerOne(ctx, 'stop')],
    ['StopInstances', (ctx) => powerMany(ctx, 'stop')],
    ['StartInstance', (ctx) => powerOne(ctx, 'start')],
    ['StartInstances', (ctx) => powerMany(ctx, 'start')],
    ['RebootInstance', (ctx) => powerOne(ctx, 'reboot')],
    ['RebootInstances', (ctx) => powerMany(ctx, 'reboot')],
  ]);

  // ------------------------------------------------------------ gateway

  const sessions = new Map<string, { accessKeyId: string; secretKey: string; sessionToken: string; expiresAt: number }>();

  async function handle(req: EmuRequest): Promise<EmuResponse> {
    const query: QueryPairs = parseQuery(req.url.search);
    const action = query.find(([k]) => k === 'Action')?.[1] ?? '';
    const version = query.find(([k]) => k === 'Version')?.[1] ?? '';
    const err = (region: string, e: VolcErrorSpec): EmuResponse => errorEnvelope(action, version, region, e);

    if (!action) return err('', gateway.missingParameter('Action'));
    if (!version) return err('', gateway.missingParameter('Version'));

    const authHeader = headerValue(req, 'authorization');
    if (!authHeader) return err('', gateway.missingAuthenticationToken());
    const parsed = parseAuthorization(authHeader);
    if (!parsed.ok) return err('', parsed.reason === 'missingSignature' ? gateway.missingSignature() : gateway.missingAuthenticationToken());
    const auth = parsed.auth;
    const region = auth.scope.region;
    const xDate = headerValue(req, 'x-date');
    if (!xDate) return err(region, gateway.missingRequestInfo('X-Date'));
    const signedAt = parseXDate(xDate);
    if (signedAt === undefined || Math.abs(now() - signedAt) > MAX_CLOCK_SKEW_MS) return err(region, gateway.invalidTimestamp());
    // Temporary (STS) credentials: the session token must be signed with them and still valid.
    const session = sessions.get(auth.accessKeyId);
    if (session) {
      const token = auth.signedHeaders.includes('x-security-token') ? headerValue(req, 'x-security-token') : undefined;
      if (token !== session.sessionToken) return err(region, gateway.invalidSecurityToken('invalid'));
      if (now() >= session.expiresAt) return err(region, gateway.invalidSecurityToken('expired'));
    } else if (auth.accessKeyId !== opts.credentials.accessKeyId) return err(region, gateway.invalidAccessKey(auth.accessKeyId));
    if (auth.scope.service !== VOLC_SERVICE) return err(region, gateway.serviceNotFound(auth.scope.service));
    const headers: Record<string, string | undefined> = {};
    for (const name of auth.signedHeaders) headers[name] = headerValue(req, name);
    const signable = { method: req.method, path: req.url.pathname || '/', query, headers, signedHeaders: auth.signedHeaders, body: req.rawBody };
    if (!verify(session?.secretKey ?? opts.credentials.secretKey, signable, auth, xDate)) return err(region, gateway.signatureDoesNotMatch());

    const run = actions.get(action);
    if (version !== VOLC_API_VERSION || !run) return err(region, gateway.invalidActionOrVersion(action, version));
    // ECS is regional: a scope naming a region outside the fleet is refused (DescribeRegions is region-agnostic).
    if (action !== 'DescribeRegions' && !state.hasRegion(region)) return err(region, ecs.invalidArgument);

    const body = parseBody(headerValue(req, 'content-type'), req.rawBody);
    if (!body.ok) return err(region, ecs.invalidArgument);
    const ctx: CallContext = { action, region, params: ActionParams.from(query, body.params) };
    const result = await run(ctx);
    return result.ok ? successEnvelope(action, version, region, result.result) : err(region, result.error);
  }

  return {
    handle,
    errorResponse(action, httpStatus, code, message, req) {
      return errorEnvelope(action, VOLC_API_VERSION, req ? regionOf(req) : '', { status: httpStatus, code, message });
    },
    snapshot: () => state.snapshot(),
    setStatus: (instanceId, status, stoppedMode) => state.setStatus(instanceId, status, stoppedMode),
    setOutOfStock: (instanceId, outOfStock) => state.setOutOfStock(instanceId, outOfStock),
    effects: (instanceId) => state.effects(instanceId),
    issueSessionCredentials: (lifetimeMs) => {
      const issued = {
        accessKeyId: `AKTP${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')}`,
        secretKey: randomBytes(30).toString('base64'),
        sessionToken: `STS${randomBytes(48).toString('base64url')}`,
        expiresAt: now() + lifetimeMs,
      };
      sessions.set(issued.accessKeyId, issued);
      return { ...issued };
    },
    setIdempotencyProcessingMs(ms) { processingMs = Math.max(0, ms); },
    processingTokens: () => [...tokens.entries()].filter(([, r]) => r.processing).map(([k]) => k.split('\n')[1] ?? ''),
    dispose() {
      for (const p of pending) { clearTimeout(p.timer); p.resolve(); }
      pending.clear();
    },
  };
}
