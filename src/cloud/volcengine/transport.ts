/**
 * One signed ECS call and what surrounds it: the @volcengine/openapi `Service` signs and sends,
 * ./answers.ts reads the answer's envelope, this module retries by one policy, bounds requests in flight per
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
import { abortableSleep, ConcurrencyLimiter } from '../../fleet/async';
import { isValidRegionId, parseVolcengineEndpoint, type VolcengineEndpoint } from '../../fleet/endpoints/volcengine';
import { SecretMask } from '../../fleet/redact';
import type { ProxyConfig } from '../../fleet/proxy';
import { TunnelAgent } from '../tunnelAgent';
import type { VolcengineCredentials } from './credentials';
import { VolcengineError } from './errors';
import { askedWaits, isRawAnswer, isTransient, loadRawAnswerAdapter, loadSdk, parseAnswer, transportError, type SdkModule } from './answers';

export { retryAfterMsOf } from './answers';

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
