/**
 * ECS 2020-04-01 through the @volcengine/openapi `Service`: regions, instances, StopInstance(s).
 * Returns our own model types. The SDK never throws on an HTTP status, so every answer's
 * ResponseMetadata.Error is checked here and turned into a VolcengineError.
 */
import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { AxiosAdapter, AxiosRequestConfig, AxiosResponse } from 'axios';
import type * as VolcengineSdk from '@volcengine/openapi';
import type { EcsInstance, EcsRegion, EcsStatus, StoppedMode } from '../../fleet/model';
import { isValidRegionId, parseVolcengineEndpoint, type VolcengineEndpoint } from '../../fleet/endpoints/volcengine';
import type { VolcengineCredentials } from './credentials';
import { VOLCENGINE_ERROR_CODES, VolcengineError } from './errors';

export const ECS_API_VERSION = '2020-04-01';
/** DescribeInstances and StopInstances both accept at most 100 instance ids. */
export const MAX_IDS_PER_CALL = 100;

const ECS_STATUSES: readonly EcsStatus[] = [
  'CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING',
  'REBUILDING', 'RESIZING', 'ERROR', 'DELETING',
];

/** Every documented status maps to itself; anything else (a status added later) is UNKNOWN. */
export function mapEcsStatus(raw: unknown): EcsStatus {
  if (typeof raw !== 'string') return 'UNKNOWN';
  const upper = raw.trim().toUpperCase();
  return (ECS_STATUSES as readonly string[]).includes(upper) ? upper as EcsStatus : 'UNKNOWN';
}

/**
 * Instance ids are short ASCII tokens (i-3tiefmkskq3vj0x0…). Anything with spaces, slashes, '?',
 * '#', '%', markup or non-ASCII is refused before a request is built.
 */
export function isValidInstanceId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id);
}

function assertInstanceIds(ids: readonly string[]): void {
  const bad = ids.find((id) => id !== '' && !isValidInstanceId(id));
  if (bad !== undefined) {
    throw new VolcengineError({
      code: 'InvalidInstanceId', category: 'invalidInput',
      message: `"${[...bad].slice(0, 40).join('')}" is not a Volcengine instance id.`,
    });
  }
}

export function mapStoppedMode(raw: unknown): StoppedMode | undefined {
  return raw === 'KeepCharging' || raw === 'StopCharging' ? raw : undefined;
}

export interface RetryPolicy {
  /** Attempts for network errors, timeouts and 5xx (including the first). Default 3. */
  maxAttempts: number;
  /** Retries after FlowLimitExceeded. Default 5. */
  maxThrottleRetries: number;
  /** First wait; doubled each time, capped at maxDelayMs. Defaults 500 / 8000 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, maxThrottleRetries: 5, baseDelayMs: 500, maxDelayMs: 8000 };

/** Per-call observers, so callers (the operation driver) can report waits and retries. */
export interface CallHooks {
  onThrottled?(info: { waitMs: number; attempt: number; code: string; requestId?: string }): void;
  onRetry?(info: { attempt: number; reason: string; waitMs: number }): void;
  /** Stops waiting between attempts (an in-flight request still completes or times out). */
  signal?: AbortSignal;
}

export interface VolcengineClientOptions {
  endpoint: string;
  credentials: VolcengineCredentials;
  /** Per request. Default 10000 ms (the SDK's own default). */
  timeoutMs?: number;
  /** Requests in flight at once across all regions. Default 8. */
  maxConcurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests; must honour the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface StopInstanceRequest {
  instanceId: string;
  forceStop: boolean;
  stoppedMode?: StoppedMode;
  clientToken?: string;
  dryRun?: boolean;
}

export interface StopInstanceResult {
  requestId?: string;
  /** DryRun only: the server answered DryRunOperation (every check passed, nothing stopped). */
  dryRunPassed: boolean;
}

export interface StopInstancesRequest {
  instanceIds: string[];
  forceStop: boolean;
  stoppedMode?: StoppedMode;
  clientToken?: string;
}

export interface OperationDetail {
  instanceId: string;
  error?: { code: string; message: string };
}

export interface StopInstancesResult {
  requestId?: string;
  details: OperationDetail[];
}

export interface VolcengineClient {
  readonly endpoint: VolcengineEndpoint;
  listRegions(hooks?: CallHooks): Promise<EcsRegion[]>;
  listInstances(regionId: string, filter?: { instanceIds?: string[]; status?: EcsStatus }, hooks?: CallHooks): Promise<EcsInstance[]>;
  stopInstance(regionId: string, request: StopInstanceRequest, hooks?: CallHooks): Promise<StopInstanceResult>;
  stopInstances(regionId: string, request: StopInstancesRequest, hooks?: CallHooks): Promise<StopInstancesResult>;
  /** Closes idle keep-alive sockets. */
  dispose(): void;
}

// ------------------------------------------------------------------ internals

type SdkModule = typeof VolcengineSdk;
type SdkService = InstanceType<SdkModule['Service']>;
type Query = Record<string, string | number>;

interface RawAnswer { httpStatus: number; text: string; requestIdHeader?: string }

interface Envelope {
  requestId?: string;
  result: Record<string, unknown>;
}

let sdkPromise: Promise<SdkModule> | undefined;
let adapterPromise: Promise<AxiosAdapter> | undefined;

/** The SDK (and axios under it) is loaded on first use so activation stays fast. */
function loadSdk(): Promise<SdkModule> {
  sdkPromise ??= import('@volcengine/openapi');
  return sdkPromise;
}

/**
 * The SDK returns only the parsed body. Wrapping axios' own adapter keeps the HTTP status
 * and the raw text, so a non-JSON answer is recognised instead of being passed on as a string.
 */
function loadAdapter(): Promise<AxiosAdapter> {
  adapterPromise ??= import('axios').then((m) => {
    const base = m.default.defaults.adapter;
    if (!base) throw new Error('axios has no default adapter');
    return async (config: AxiosRequestConfig): Promise<AxiosResponse> => {
      const res = await base(config);
      const header = res.headers as Record<string, string | undefined>;
      const answer: RawAnswer = {
        httpStatus: res.status,
        text: typeof res.data === 'string' ? res.data : Buffer.isBuffer(res.data) ? res.data.toString('utf8') : JSON.stringify(res.data ?? null),
        requestIdHeader: header['x-top-request-id'] ?? header['x-tt-logid'],
      };
      return { ...res, data: answer };
    };
  });
  return adapterPromise;
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) { resolve(); return; }
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Axios/Node transport failures → NetworkError / Timeout (never the raw error: it holds headers). */
function transportError(err: unknown, action: string): VolcengineError {
  const e = isRecord(err) ? err : {};
  const code = str(e.code);
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return new VolcengineError({ code: 'Timeout', message: `${action}: no answer within the time limit.` });
  }
  return new VolcengineError({ code: 'NetworkError', message: `${action}: ${code ? `${code} ` : ''}${message}`.trim() });
}

/** 5xx server errors worth another attempt (capacity shortages are not transient). */
function isTransient(err: VolcengineError): boolean {
  if (err.category === 'network') return true;
  if (err.code === 'MalformedResponse') return (err.info.httpStatus ?? 0) >= 500;
  if (err.code === 'Insufficient.InstanceCapacity') return false;
  // "The previous request with this ClientToken is still in process": its answer comes later.
  if (err.code === 'IdempotentProcessing') return true;
  return (err.info.httpStatus ?? 0) >= 500 || err.code === 'InternalError' || err.code === 'ServiceUnavailable';
}

export function createVolcengineClient(opts: VolcengineClientOptions): VolcengineClient {
  const endpoint = parseVolcengineEndpoint(opts.endpoint);
  const credentials = opts.credentials;
  if (!credentials.accessKeyId || !credentials.secretKey) {
    throw new VolcengineError({ code: 'CredentialsMissing', message: 'No Volcengine access key pair is configured.', category: 'authentication' });
  }
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
  const sleep = opts.sleep ?? abortableSleep;
  const maxConcurrency = Math.max(1, opts.maxConcurrency ?? 8);
  const limiter = new Semaphore(maxConcurrency);
  // Idle sockets close before a typical server keep-alive timeout (5 s), so a request is never
  // written to a socket the server is closing (that would look like a lost answer).
  const agentOptions = { keepAlive: true, maxSockets: maxConcurrency, timeout: 4000 };
  const httpsAgent = new HttpsAgent(agentOptions);
  const httpAgent = new HttpAgent(agentOptions);
  const services = new Map<string, SdkService>();
  const secrets = [credentials.accessKeyId, credentials.secretKey, credentials.sessionToken]
    .filter((s): s is string => typeof s === 'string' && s.length >= 4);

  /** Server messages can quote the access key (InvalidAccessKey "The accesskey [%s] …"): mask it. */
  function redact(text: string): string {
    let out = text;
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  }

  async function serviceFor(regionId: string): Promise<SdkService> {
    const existing = services.get(regionId);
    if (existing) return existing;
    const { Service } = await loadSdk();
    const service = new Service({
      serviceName: 'ecs',
      defaultVersion: ECS_API_VERSION,
      region: regionId,
      host: endpoint.host,
      protocol: endpoint.protocol,
      accessKeyId: credentials.accessKeyId,
      secretKey: credentials.secretKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    });
    services.set(regionId, service);
    return service;
  }

  function parseAnswer(action: string, answer: RawAnswer): Envelope {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      throw new VolcengineError({
        code: 'MalformedResponse', httpStatus: answer.httpStatus,
        message: `${action}: the answer (HTTP ${answer.httpStatus}) is not JSON.`,
        ...(answer.requestIdHeader ? { requestId: answer.requestIdHeader } : {}),
      });
    }
    const meta = isRecord(body) ? body.ResponseMetadata : undefined;
    if (!isRecord(body) || !isRecord(meta)) {
      throw new VolcengineError({
        code: 'MalformedResponse', httpStatus: answer.httpStatus,
        message: `${action}: the answer (HTTP ${answer.httpStatus}) has no ResponseMetadata.`,
        ...(answer.requestIdHeader ? { requestId: answer.requestIdHeader } : {}),
      });
    }
    const requestId = str(meta.RequestId) ?? answer.requestIdHeader;
    const error = meta.Error;
    if (isRecord(error) && (str(error.Code) ?? '') !== '') {
      const code = str(error.Code) ?? 'Unknown';
      const known = (VOLCENGINE_ERROR_CODES as Record<string, { message: string } | undefined>)[code];
      throw new VolcengineError({
        code,
        message: redact(str(error.Message) ?? known?.message ?? code),
        httpStatus: answer.httpStatus,
        ...(requestId ? { requestId } : {}),
      });
    }
    if (answer.httpStatus >= 300) {
      throw new VolcengineError({
        code: answer.httpStatus >= 500 ? 'InternalError' : 'MalformedResponse',
        category: answer.httpStatus >= 500 ? 'server' : 'malformedResponse',
        httpStatus: answer.httpStatus,
        message: `${action}: HTTP ${answer.httpStatus} without an error code.`,
        ...(requestId ? { requestId } : {}),
      });
    }
    const result = body.Result;
    if (result !== undefined && !isRecord(result)) {
      throw new VolcengineError({ code: 'MalformedResponse', httpStatus: answer.httpStatus, message: `${action}: Result is not an object.`, ...(requestId ? { requestId } : {}) });
    }
    return { ...(requestId ? { requestId } : {}), result: result ?? {} };
  }

  async function sendOnce(regionId: string, action: string, query: Query): Promise<Envelope> {
    const [service, adapter] = await Promise.all([serviceFor(regionId), loadAdapter()]);
    const api = service.createAPI<Query, unknown>(action, { method: 'GET' });
    let raw: unknown;
    try {
      raw = await limiter.run(() => api(query, {
        Action: action,
        timeout: timeoutMs,
        adapter,
        responseType: 'text',
        transformResponse: [(data: unknown) => data],
        httpsAgent,
        httpAgent,
        maxRedirects: 0,
      }));
    } catch (err) {
      throw transportError(err, action);
    }
    const answer = raw as RawAnswer;
    if (!isRecord(answer) || typeof answer.httpStatus !== 'number' || typeof answer.text !== 'string') {
      throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: unexpected answer from the HTTP layer.` });
    }
    return parseAnswer(action, answer);
  }

  /**
   * Throttling is always retried (the request was refused, nothing happened). Network errors,
   * timeouts and 5xx are retried only when `retrySafe`: reads, and writes that carry a
   * ClientToken (the same token on every attempt, so the server applies the action once).
   */
  async function call(regionId: string, action: string, query: Query, retrySafe: boolean, hooks?: CallHooks): Promise<Envelope> {
    if (!isValidRegionId(regionId)) {
      throw new VolcengineError({ code: 'InvalidRegion', category: 'invalidInput', message: `"${[...regionId].slice(0, 40).join('')}" is not a Volcengine region id.` });
    }
    let attempt = 1;
    let throttles = 0;
    for (;;) {
      try {
        return await sendOnce(regionId, action, query);
      } catch (err) {
        if (!(err instanceof VolcengineError)) throw err;
        if (hooks?.signal?.aborted) throw err;
        if (err.category === 'throttled' && throttles < retry.maxThrottleRetries) {
          const waitMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** throttles);
          throttles++;
          hooks?.onThrottled?.({ waitMs, attempt: throttles, code: err.code, ...(err.info.requestId ? { requestId: err.info.requestId } : {}) });
          await sleep(waitMs, hooks?.signal);
          if (hooks?.signal?.aborted) throw err;
          continue;
        }
        if (retrySafe && isTransient(err) && attempt < retry.maxAttempts) {
          const waitMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
          attempt++;
          hooks?.onRetry?.({ attempt, reason: `${err.code}${err.info.httpStatus ? ` (HTTP ${err.info.httpStatus})` : ''}`, waitMs });
          await sleep(waitMs, hooks?.signal);
          if (hooks?.signal?.aborted) throw err;
          continue;
        }
        throw err;
      }
    }
  }

  function mapInstance(regionId: string, raw: unknown): EcsInstance | undefined {
    if (!isRecord(raw)) return undefined;
    const instanceId = str(raw.InstanceId);
    if (!instanceId) return undefined;
    const nics: unknown[] = Array.isArray(raw.NetworkInterfaces) ? (raw.NetworkInterfaces as unknown[]) : [];
    const primaryNic = nics.find((n) => isRecord(n) && str(n.Type) === 'primary') ?? nics[0];
    const primaryIp = isRecord(primaryNic) ? str(primaryNic.PrimaryIpAddress) : undefined;
    const stoppedMode = mapStoppedMode(raw.StoppedMode);
    const cpus = num(raw.Cpus);
    const memoryMb = num(raw.MemorySize);
    const osName = str(raw.OsName);
    const createdAt = str(raw.CreatedAt);
    return {
      instanceId,
      name: str(raw.InstanceName) ?? '',
      regionId,
      zoneId: str(raw.ZoneId) ?? '',
      status: mapEcsStatus(raw.Status),
      instanceTypeId: str(raw.InstanceTypeId) ?? '',
      chargeType: str(raw.InstanceChargeType) ?? '',
      ...(stoppedMode ? { stoppedMode } : {}),
      ...(cpus !== undefined ? { cpus } : {}),
      ...(memoryMb !== undefined ? { memoryMb } : {}),
      ...(osName ? { osName } : {}),
      ...(primaryIp ? { primaryIp } : {}),
      ...(createdAt ? { createdAt } : {}),
    };
  }

  function listOf(action: string, result: Record<string, unknown>, key: string, requestId?: string): unknown[] {
    const v = result[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: Result.${key} is not a list.`, ...(requestId ? { requestId } : {}) });
    }
    return v;
  }

  /** Follows NextToken until it is empty; a repeated token would loop forever, so it is an error. */
  async function paged(regionId: string, action: string, base: Query, key: string, hooks?: CallHooks): Promise<unknown[]> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let next: string | undefined;
    for (;;) {
      const query: Query = { ...base, ...(next ? { NextToken: next } : {}) };
      const { result, requestId } = await call(regionId, action, query, true, hooks);
      items.push(...listOf(action, result, key, requestId));
      next = str(result.NextToken);
      if (!next) return items;
      if (seen.has(next)) {
        throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: the server repeated a NextToken.`, ...(requestId ? { requestId } : {}) });
      }
      seen.add(next);
    }
  }

  function stopQuery(r: { forceStop: boolean; stoppedMode?: StoppedMode; clientToken?: string }): Query {
    return {
      ForceStop: r.forceStop ? 'true' : 'false',
      ...(r.stoppedMode ? { StoppedMode: r.stoppedMode } : {}),
      ...(r.clientToken ? { ClientToken: r.clientToken } : {}),
    };
  }

  return {
    endpoint,

    async listRegions(hooks) {
      // DescribeRegions is answered by any region; ask the default one explicitly.
      const raw = await paged('cn-beijing', 'DescribeRegions', { MaxResults: 20 }, 'Regions', hooks);
      const out: EcsRegion[] = [];
      for (const r of raw) {
        const regionId = isRecord(r) ? str(r.RegionId) : undefined;
        if (regionId) out.push({ regionId });
      }
      return out;
    },

    async listInstances(regionId, filter, hooks) {
      const base: Query = { MaxResults: 100, ...(filter?.status ? { Status: filter.status } : {}) };
      const idGroups: string[][] = [];
      if (filter?.instanceIds) {
        if (filter.instanceIds.length === 0) return [];
        assertInstanceIds(filter.instanceIds);
        for (let i = 0; i < filter.instanceIds.length; i += MAX_IDS_PER_CALL) idGroups.push(filter.instanceIds.slice(i, i + MAX_IDS_PER_CALL));
      } else {
        idGroups.push([]);
      }
      const out: EcsInstance[] = [];
      for (const ids of idGroups) {
        const query: Query = { ...base };
        ids.forEach((id, i) => { query[`InstanceIds.${i + 1}`] = id; });
        for (const raw of await paged(regionId, 'DescribeInstances', query, 'Instances', hooks)) {
          const inst = mapInstance(regionId, raw);
          if (inst) out.push(inst);
        }
      }
      return out;
    },

    async stopInstance(regionId, request, hooks) {
      if (!request.instanceId) throw new VolcengineError({ code: 'MissingParameter.InstanceId', message: VOLCENGINE_ERROR_CODES['MissingParameter.InstanceId'].message, category: 'invalidInput' });
      assertInstanceIds([request.instanceId]);
      const query: Query = { InstanceId: request.instanceId, ...stopQuery(request), ...(request.dryRun ? { DryRun: 'true' } : {}) };
      try {
        const { requestId } = await call(regionId, 'StopInstance', query, Boolean(request.clientToken) || Boolean(request.dryRun), hooks);
        return { ...(requestId ? { requestId } : {}), dryRunPassed: false };
      } catch (err) {
        if (request.dryRun && err instanceof VolcengineError && err.code === 'DryRunOperation') {
          return { ...(err.info.requestId ? { requestId: err.info.requestId } : {}), dryRunPassed: true };
        }
        throw err;
      }
    },

    async stopInstances(regionId, request, hooks) {
      if (request.instanceIds.length === 0) throw new VolcengineError({ code: 'MissingParameter', message: 'StopInstances needs at least one instance id.', category: 'invalidInput' });
      if (request.instanceIds.length > MAX_IDS_PER_CALL) {
        throw new VolcengineError({ code: 'InvalidArgument', message: `StopInstances accepts at most ${MAX_IDS_PER_CALL} instance ids (got ${request.instanceIds.length}).`, category: 'invalidInput' });
      }
      assertInstanceIds(request.instanceIds);
      const query: Query = { ...stopQuery(request) };
      request.instanceIds.forEach((id, i) => { query[`InstanceIds.${i + 1}`] = id; });
      const { result, requestId } = await call(regionId, 'StopInstances', query, Boolean(request.clientToken), hooks);
      const details: OperationDetail[] = [];
      for (const d of listOf('StopInstances', result, 'OperationDetails', requestId)) {
        if (!isRecord(d)) continue;
        const instanceId = str(d.InstanceId);
        if (!instanceId) continue;
        const e = d.Error;
        const code = isRecord(e) ? str(e.Code) : undefined;
        details.push(code
          ? { instanceId, error: { code, message: redact((isRecord(e) ? str(e.Message) : undefined) ?? code) } }
          : { instanceId });
      }
      return { ...(requestId ? { requestId } : {}), details };
    },

    dispose() {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}
