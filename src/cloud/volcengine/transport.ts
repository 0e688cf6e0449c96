/**
 * One signed ECS call and what surrounds it: the @volcengine/openapi `Service` signs and sends,
 * this module reads the answer's envelope, retries by one policy, bounds requests in flight per
 * region and keeps sockets alive. The SDK never throws on an HTTP status, so every answer's
 * ResponseMetadata.Error is checked here and turned into a VolcengineError.
 *
 * A throttled answer (FlowLimitExceeded) is waited out for its Retry-After when it carries one
 * (integer seconds, read only on 429/503 like the Go SDK's getRetryAfterDelay; whether the
 * gateway sends it is unverified, volcengine-ecs-start-reboot.md §5), else by our own
 * exponential back-off from 500 ms (the Go SDK's MinThrottleDelay); the hooks say which.
 */
import { Agent as HttpsAgent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import type { AxiosAdapter, AxiosRequestConfig, AxiosResponse } from 'axios';
import type * as VolcengineSdk from '@volcengine/openapi';
import { abortableSleep, ConcurrencyLimiter } from '../../fleet/async';
import { isValidRegionId, parseVolcengineEndpoint, type VolcengineEndpoint } from '../../fleet/endpoints/volcengine';
import { SecretMask } from '../../fleet/redact';
import { CONNECT_FAILURE_CODES, connectFailureOf, connectFailureText } from '../../fleet/connectFailure';
import type { ProxyConfig } from '../../fleet/proxy';
import { TunnelAgent } from '../tunnelAgent';
import type { VolcengineCredentials } from './credentials';
import { VOLCENGINE_ERROR_CODES, VolcengineError } from './errors';

const ECS_API_VERSION = '2020-04-01';

/** What the gateway answers for an expired or wrong session token (the emulator's choice: emulator/src/volcengine/SOURCES.md). */
const SESSION_TOKEN_REFUSED = 'InvalidSecurityToken';

export interface RetryPolicy {
  /** Attempts for network errors, timeouts and 5xx (including the first). Default 3. */
  maxAttempts: number;
  /** Retries after FlowLimitExceeded. Default 5. */
  maxThrottleRetries: number;
  /** First wait; doubled each time, capped at maxDelayMs. Defaults 500 / 8000 ms. */
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, maxThrottleRetries: 5, baseDelayMs: 500, maxDelayMs: 8000 };

/** Per-call observers, so callers (the operation driver, the tree) can report waits and retries. */
export interface CallHooks {
  /** A throttled attempt; `askedByCloud`: the wait is the answer's Retry-After, not our back-off. */
  onThrottled?(info: { waitMs: number; askedByCloud: boolean; attempt: number; code: string; requestId?: string; httpStatus?: number }): void;
  onRetry?(info: { attempt: number; reason: string; waitMs: number }): void;
  /** Stops waiting between attempts (an in-flight request still completes or times out). */
  signal?: AbortSignal;
}

export interface TransportOptions {
  endpoint: string;
  credentials: VolcengineCredentials;
  /** Per request. Default 10000 ms (the SDK's own default). */
  timeoutMs?: number;
  /** Requests in flight at once per region (regions are served alongside each other). Default 8. */
  maxConcurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Injectable for tests; must honour the signal. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The proxy every request goes through (VS Code's http.proxy); none when undefined. */
  proxy?: ProxyConfig;
  /**
   * Reads the credentials again from where they came from (a refreshed ve profile, …): called
   * when Volcengine reports the session token expired. Without it, or when it has nothing newer,
   * the call fails with SessionTokenExpired naming the source.
   */
  reloadCredentials?: () => Promise<VolcengineCredentials | undefined>;
  /** Where the credentials came from, for that message ("the ve CLI profile", …). Never a secret. */
  credentialSource?: string;
}

export type Query = Record<string, string | number>;

/** An answer's ResponseMetadata.RequestId, its HTTP status and its Result. */
export interface Envelope {
  httpStatus: number;
  requestId?: string;
  result: Record<string, unknown>;
}

export interface Transport {
  readonly endpoint: VolcengineEndpoint;
  /**
   * One action in one region. Throttling is always retried (the request was refused, nothing
   * happened). Network errors, timeouts and 5xx are retried only when `retrySafe`: reads, and
   * writes that carry a ClientToken (the same token on every attempt, so the server acts once).
   */
  call(regionId: string, action: string, query: Query, retrySafe: boolean, hooks?: CallHooks): Promise<Envelope>;
  /** Masks the key pair (and anything that looks like a secret) in text from the server. */
  mask(text: string): string;
  /** Closes idle keep-alive sockets. */
  dispose(): void;
}

type SdkModule = typeof VolcengineSdk;

interface RawAnswer { httpStatus: number; text: string; requestIdHeader?: string; retryAfterHeader?: string; dateHeader?: string }

/** The longest Retry-After honoured (the Go SDK's MaxThrottleDelay, 300 s); a larger one is capped. */
const MAX_RETRY_AFTER_MS = 300_000;

/** Retry-After as integer seconds on a 429/503 answer; anything else (an HTTP date, garbage) is not a wait we were given. */
export function retryAfterMsOf(httpStatus: number, header: string | undefined): number | undefined {
  if ((httpStatus !== 429 && httpStatus !== 503) || header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Number(header.trim()) * 1000);
}

/** What a throttled answer asked for, kept beside the error (its info is the user-facing, journaled part). */
const askedWaits = new WeakMap<VolcengineError, number>();

let sdkPromise: Promise<SdkModule> | undefined;
let adapterPromise: Promise<AxiosAdapter> | undefined;

/** The SDK (and axios under it) is loaded on first use so activation stays fast. */
function loadSdk(): Promise<SdkModule> {
  sdkPromise ??= import('@volcengine/openapi');
  return sdkPromise;
}

// Kept because the SDK returns only the body and axios transforms never see the status: this wrapper keeps status and raw text.
function loadRawAnswerAdapter(): Promise<AxiosAdapter> {
  adapterPromise ??= import('axios').then((axios) => {
    const base = axios.default.defaults.adapter;
    if (!base) throw new Error('axios has no default adapter');
    return async (config: AxiosRequestConfig): Promise<AxiosResponse> => {
      const response = await base(config);
      const headers = response.headers as Record<string, string | undefined>;
      const data: unknown = response.data;
      const answer: RawAnswer = {
        httpStatus: response.status,
        text: typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : JSON.stringify(data ?? null),
        requestIdHeader: headers['x-top-request-id'] ?? headers['x-tt-logid'],
        retryAfterHeader: headers['retry-after'],
        dateHeader: headers.date,
      };
      return { ...response, data: answer };
    };
  });
  return adapterPromise;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const isRawAnswer = (value: unknown): value is RawAnswer => isRecord(value) && typeof value.httpStatus === 'number' && typeof value.text === 'string';

/** Axios/Node transport failures → NetworkError / Timeout (never the raw error: it holds headers). */
function transportError(error: unknown, action: string): VolcengineError {
  // Before the request reached Volcengine (DNS, refused, TLS, proxy): its own code, so the message can name the fix.
  const connect = connectFailureOf(error);
  if (connect) return new VolcengineError({ code: CONNECT_FAILURE_CODES[connect.kind], category: 'network', message: `${action}: ${connectFailureText(connect, 'the Volcengine endpoint')}` });
  const code = isRecord(error) ? stringOf(error.code) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message)) {
    return new VolcengineError({ code: 'Timeout', message: `${action}: no answer within the time limit.` });
  }
  return new VolcengineError({ code: 'NetworkError', message: `${action}: ${code ? `${code} ` : ''}${message}`.trim() });
}

/** Failures worth another attempt: network, 5xx (capacity shortages are not transient), a token still in process. */
function isTransient(error: VolcengineError): boolean {
  if (error.category === 'network') return true;
  const httpStatus = error.info.httpStatus ?? 0;
  if (error.code === 'MalformedResponse') return httpStatus >= 500;
  if (error.code === 'Insufficient.InstanceCapacity') return false;
  // "The previous request with this ClientToken is still in process": its answer comes later.
  if (error.code === 'IdempotentProcessing') return true;
  return httpStatus >= 500 || error.code === 'InternalError' || error.code === 'ServiceUnavailable';
}

/** The envelope of one answer, or the VolcengineError it stands for. */
function parseAnswer(action: string, answer: RawAnswer, mask: (text: string) => string): Envelope {
  const { httpStatus } = answer;
  const malformed = (message: string, requestId = answer.requestIdHeader): VolcengineError => new VolcengineError({
    code: 'MalformedResponse', httpStatus, message: `${action}: ${message}`, ...(requestId ? { requestId } : {}),
  });
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    throw malformed(`the answer (HTTP ${httpStatus}) is not JSON.`);
  }
  const metadata = isRecord(body) ? body.ResponseMetadata : undefined;
  if (!isRecord(body) || !isRecord(metadata)) throw malformed(`the answer (HTTP ${httpStatus}) has no ResponseMetadata.`);
  const requestId = stringOf(metadata.RequestId) ?? answer.requestIdHeader;
  const withRequestId = requestId ? { requestId } : {};
  const error = metadata.Error;
  const code = isRecord(error) ? stringOf(error.Code) ?? '' : '';
  if (isRecord(error) && code !== '') {
    const known = (VOLCENGINE_ERROR_CODES as Record<string, { message: string } | undefined>)[code];
    const skew = code === 'InvalidTimestamp' ? clockSkewSeconds(answer.dateHeader) : undefined;
    const refused = new VolcengineError({
      code, message: mask(stringOf(error.Message) ?? known?.message ?? code), httpStatus, ...withRequestId,
      ...(skew !== undefined ? { clockSkewSeconds: skew } : {}),
    });
    const asked = retryAfterMsOf(httpStatus, answer.retryAfterHeader);
    if (asked !== undefined) askedWaits.set(refused, asked);
    throw refused;
  }
  if (httpStatus >= 300) {
    const server = httpStatus >= 500;
    throw new VolcengineError({
      code: server ? 'InternalError' : 'MalformedResponse', category: server ? 'server' : 'malformedResponse',
      httpStatus, message: `${action}: HTTP ${httpStatus} without an error code.`, ...withRequestId,
    });
  }
  const result = body.Result;
  if (result !== undefined && !isRecord(result)) throw malformed('Result is not an object.', requestId);
  return { httpStatus, ...withRequestId, result: result ?? {} };
}

/** This computer's clock minus the server's (the answer's Date header), in seconds; undefined without a usable date. */
function clockSkewSeconds(dateHeader: string | undefined, now = Date.now()): number | undefined {
  const serverTime = dateHeader ? Date.parse(dateHeader) : Number.NaN;
  return Number.isFinite(serverTime) ? Math.round((now - serverTime) / 1000) : undefined;
}

export function createTransport(options: TransportOptions): Transport {
  const endpoint = parseVolcengineEndpoint(options.endpoint);
  let credentials = options.credentials;
  if (!credentials.accessKeyId || !credentials.secretKey) {
    throw new VolcengineError({ code: 'CredentialsMissing', message: 'No Volcengine access key pair is configured.', category: 'authentication' });
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const sleep = options.sleep ?? abortableSleep;
  const maxConcurrency = Math.max(1, options.maxConcurrency ?? 8);
  const limiters = new Map<string, ConcurrencyLimiter>();
  const limiterFor = (regionId: string): ConcurrencyLimiter => {
    let limiter = limiters.get(regionId);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(maxConcurrency);
      limiters.set(regionId, limiter);
    }
    return limiter;
  };
  // Idle sockets close before a typical server keep-alive timeout (5 s), so a request is never
  // written to a socket the server is closing (that would look like a lost answer). Every
  // region shares the one endpoint host, so the sockets are not capped per host: the per-region
  // limiters bound what is in flight.
  const agentOptions = { keepAlive: true, timeout: 4000 };
  // Through a proxy: a CONNECT tunnel per connection (../tunnelAgent.ts). axios' own proxy support stays off
  // (proxy: false below): it would send https requests to the proxy without a tunnel.
  const httpsAgent = options.proxy ? new TunnelAgent(options.proxy, agentOptions) : new HttpsAgent(agentOptions);
  const httpAgent = options.proxy ? new TunnelAgent(options.proxy, agentOptions) : new HttpAgent(agentOptions);
  // Server messages can quote the access key (InvalidAccessKey "The accesskey [%s] …").
  const secrets = new SecretMask();
  for (const secret of [credentials.accessKeyId, credentials.secretKey, credentials.sessionToken, ...(options.proxy?.secrets ?? [])]) secrets.register(secret);
  const mask = (text: string): string => secrets.mask(text);

  // One Service for every region (the region travels in each call's signing options), made on first use.
  let service: Promise<InstanceType<SdkModule['Service']>> | undefined;
  function ecsService(): Promise<InstanceType<SdkModule['Service']>> {
    service ??= loadSdk().then(({ Service }) => new Service({
      serviceName: 'ecs',
      defaultVersion: ECS_API_VERSION,
      host: endpoint.host,
      protocol: endpoint.protocol,
      accessKeyId: credentials.accessKeyId,
      secretKey: credentials.secretKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    }));
    return service;
  }

  /** Reads the credentials again; true when there is a newer session token (the service is rebuilt with it). */
  async function renewCredentials(): Promise<boolean> {
    const fresh = await options.reloadCredentials?.().catch(() => undefined);
    if (!fresh?.accessKeyId || !fresh.secretKey || (fresh.sessionToken === credentials.sessionToken && fresh.accessKeyId === credentials.accessKeyId)) return false;
    credentials = fresh;
    for (const secret of [fresh.accessKeyId, fresh.secretKey, fresh.sessionToken]) secrets.register(secret);
    service = undefined;
    return true;
  }

  function sessionTokenExpired(cause: VolcengineError): VolcengineError {
    const source = options.credentialSource ?? 'the configured credentials';
    return new VolcengineError({
      code: 'SessionTokenExpired', category: 'authentication',
      message: `The Volcengine session token from ${source} has expired (${cause.code}), and no newer one was found there.`,
      ...(cause.info.requestId ? { requestId: cause.info.requestId } : {}), ...(cause.info.httpStatus ? { httpStatus: cause.info.httpStatus } : {}),
    });
  }

  async function sendOnce(regionId: string, action: string, query: Query): Promise<Envelope> {
    const [ecs, adapter] = await Promise.all([ecsService(), loadRawAnswerAdapter()]);
    const api = ecs.createAPI<Query, unknown>(action, { method: 'GET' });
    let answer: unknown;
    try {
      answer = await limiterFor(regionId).run(() => api(query, {
        Action: action, timeout: timeoutMs, adapter, httpsAgent, httpAgent, maxRedirects: 0, proxy: false,
      }, { region: regionId }));
    } catch (error) {
      throw transportError(error, action);
    }
    if (!isRawAnswer(answer)) throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: unexpected answer from the HTTP layer.` });
    return parseAnswer(action, answer, mask);
  }

  async function call(regionId: string, action: string, query: Query, retrySafe: boolean, hooks?: CallHooks): Promise<Envelope> {
    if (!isValidRegionId(regionId)) {
      throw new VolcengineError({ code: 'InvalidRegion', category: 'invalidInput', message: `"${[...regionId].slice(0, 40).join('')}" is not a Volcengine region id.` });
    }
    let attempt = 1;
    let throttles = 0;
    let reloaded = false;
    for (;;) {
      try {
        return await sendOnce(regionId, action, query);
      } catch (error) {
        if (!(error instanceof VolcengineError) || hooks?.signal?.aborted) throw error;
        // The gateway refused the token before anything happened: sending once more with a fresh one is safe.
        if (error.code === SESSION_TOKEN_REFUSED && credentials.sessionToken) {
          if (!reloaded && await renewCredentials()) {
            reloaded = true;
            hooks?.onRetry?.({ attempt, reason: 'The session token expired; the credentials were read again from their source.', waitMs: 0 });
            continue;
          }
          throw sessionTokenExpired(error);
        }
        let waitMs: number;
        if (error.category === 'throttled' && throttles < retry.maxThrottleRetries) {
          const asked = askedWaits.get(error);
          waitMs = asked ?? Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** throttles);
          throttles++;
          hooks?.onThrottled?.({
            waitMs, askedByCloud: asked !== undefined, attempt: throttles, code: error.code,
            ...(error.info.requestId ? { requestId: error.info.requestId } : {}),
            ...(error.info.httpStatus ? { httpStatus: error.info.httpStatus } : {}),
          });
        } else if (retrySafe && isTransient(error) && attempt < retry.maxAttempts) {
          waitMs = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
          attempt++;
          hooks?.onRetry?.({ attempt, reason: `${error.code}${error.info.httpStatus ? ` (HTTP ${error.info.httpStatus})` : ''}`, waitMs });
        } else {
          throw error;
        }
        await sleep(waitMs, hooks?.signal);
        if (hooks?.signal?.aborted) throw error;
      }
    }
  }

  return {
    endpoint,
    call,
    mask,
    dispose() {
      httpsAgent.destroy();
      httpAgent.destroy();
    },
  };
}
