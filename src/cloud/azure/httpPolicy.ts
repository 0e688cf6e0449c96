/**
 * A pipeline policy placed on every ARM client: it sees each attempt (incl. retries after 429
 * and every LRO poll), reports it as an ArmHttpExchange, keeps recent error bodies for error
 * messages, and enforces two safety rules before anything is sent:
 *  - a scale-set level action must carry an explicit, non-empty instanceIds list;
 *  - an action whose previous attempt lost its connection is never re-sent (it may have taken effect).
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { connectFailureOf } from '../../fleet/connectFailure';
import { redactSecrets } from '../../fleet/redact';

export interface ArmHttpExchange {
  /** 'sent': about to leave (no response fields); 'received': a response or a network failure. */
  phase: 'sent' | 'received';
  method: string;
  /** Full URL with anything secret-looking masked. */
  url: string;
  /** 1 for the first attempt, 2+ for retries of the same request. */
  attempt: number;
  status?: number;
  requestId?: string;
  correlationId?: string;
  retryAfterSeconds?: number;
  asyncOperationUrl?: string;
  location?: string;
  /** Parsed JSON body of the response when it is small JSON (status bodies, errors). */
  body?: unknown;
  /** Set when no response arrived (network failure). */
  networkError?: string;
  /** A resend of the same attempt with a fresh token after ARM reported the token expired. */
  reauthenticated?: boolean;
  /** A resend after ARM's claims challenge (401 `insufficient_claims`), with the token of the new sign-in. */
  afterClaimsChallenge?: boolean;
}

export type ArmHttpListener = (exchange: ArmHttpExchange) => void;

/** Refusal to send a scale-set action without an explicit instance list. */
export class InstanceSelectionError extends Error {
  readonly code = 'InstanceSelectionRequired';
  constructor(message: string) {
    super(message);
    this.name = 'InstanceSelectionError';
  }
}

/** An action whose connection dropped after it was sent: re-sending could act twice. */
export class ActionOutcomeUnknownError extends Error {
  readonly code = 'OutcomeUnknown';
  constructor(readonly url: string) {
    super('The connection was lost after the request was sent; Azure may or may not have accepted it. It was not re-sent. Refresh to see the current state.');
    this.name = 'ActionOutcomeUnknownError';
  }
}

/** Throws unless `instanceIds` is a non-empty list of non-empty strings. Every scale-set action goes through it. */
export function assertInstanceIds(instanceIds: unknown, what = 'this action'): asserts instanceIds is string[] {
  if (!Array.isArray(instanceIds) || instanceIds.length === 0) {
    throw new InstanceSelectionError(`Refusing to send ${what} without an explicit list of instances: it would act on the whole scale set.`);
  }
  for (const id of instanceIds) {
    if (typeof id !== 'string' || id.trim() === '') {
      throw new InstanceSelectionError(`Refusing to send ${what}: the instance list contains an empty id.`);
    }
  }
}

// Scale-set level actions that take vmInstanceIDs in the body; without it they hit every VM.
const SCALE_SET_ACTION = /\/providers\/microsoft\.compute\/virtualmachinescalesets\/[^/]+\/(poweroff|deallocate|performmaintenance|restart|start|redeploy|reimage|reimageall)$/;

/** Checks a request about to leave: scale-set actions must carry instanceIds. */
export function guardScaleSetAction(method: string, url: string, body: unknown): void {
  if (method.toUpperCase() !== 'POST') return;
  const path = safePath(url);
  const action = SCALE_SET_ACTION.exec(path);
  if (!action) return;
  let parsed: unknown;
  try {
    parsed = typeof body === 'string' ? JSON.parse(body) as unknown : undefined;
  } catch {
    parsed = undefined;
  }
  const ids = parsed && typeof parsed === 'object' ? (parsed as { instanceIds?: unknown }).instanceIds : undefined;
  assertInstanceIds(ids, `a scale-set ${action[1] ?? 'action'}`);
}

/** Where the policy gets the current token, and a fresh one when ARM says the token expired. */
export interface ArmTokenSource {
  current(): Promise<string | undefined>;
  refresh(): Promise<string | undefined>;
}

const EXPIRED_TOKEN_CODES = new Set(['ExpiredAuthenticationToken', 'InvalidAuthenticationToken']);

interface ArmPolicyOptions {
  listener?: ArmHttpListener;
  /**
   * Keeps every client on the newest token: the SDK's bearer policy caches a token per client
   * for its whole lifetime, so a token that ARM rejects early would fail every later poll.
   */
  tokens?: ArmTokenSource;
  /** Keeps error bodies by x-ms-request-id (the SDK drops them for list calls). */
  errorBodies?: Map<string, string>;
  /** Per attempt; the SDK has no limit, so a response that never comes would be waited for forever. */
  requestTimeoutMs?: number;
  /** Sends every request through this agent (the proxy tunnel, ../tunnelAgent.ts). */
  agent?: PipelineRequest['agent'];
}

const MAX_KEPT_BODIES = 50;
const MAX_BODY_CHARS = 64 * 1024;

export function createArmPolicy(options: ArmPolicyOptions): PipelinePolicy {
  const attempts = new WeakMap<PipelineRequest, { count: number; lostConnection: boolean; claimsChallenged?: boolean }>();
  return {
    name: 'fleetPowerArmPolicy',
    async sendRequest(request, next) {
      const seen = attempts.get(request) ?? { count: 0, lostConnection: false };
      seen.count++;
      attempts.set(request, seen);
      if (request.method !== 'GET') {
        guardScaleSetAction(request.method, request.url, request.body);
        if (seen.lostConnection) throw new ActionOutcomeUnknownError(redactSecrets(request.url));
      }
      if (options.requestTimeoutMs && !request.timeout) request.timeout = options.requestTimeoutMs;
      if (options.agent) request.agent = options.agent;
      const base = { method: request.method, url: redactSecrets(request.url), attempt: seen.count };
      const authorized = options.tokens !== undefined && request.headers.has('authorization');
      if (authorized && options.tokens) {
        const token = await options.tokens.current();
        if (token) request.headers.set('authorization', `Bearer ${token}`);
      }
      // The SDK's bearer policy answers a claims challenge itself and sends the same request again.
      notify(options.listener, { ...base, phase: 'sent', ...(seen.claimsChallenged ? { afterClaimsChallenge: true } : {}) });
      seen.claimsChallenged = false;
      let response: PipelineResponse;
      try {
        response = await next(request);
        if (authorized && options.tokens && response.status === 401 && EXPIRED_TOKEN_CODES.has(errorCodeOf(response.bodyAsText))) {
          // ARM refused the token before reading the request: send once more with a new token.
          const fresh = await options.tokens.refresh();
          if (fresh) {
            request.headers.set('authorization', `Bearer ${fresh}`);
            notify(options.listener, { ...base, phase: 'sent', reauthenticated: true });
            response = await next(request);
          }
        }
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        // No connection (refused, no such host, TLS or proxy refused): the request never left, retrying it is safe.
        if (!connectFailureOf(err)) seen.lostConnection = true;
        notify(options.listener, { ...base, phase: 'received', networkError: typeof code === 'string' ? code : (err as Error).message });
        // A timed-out action is not retried by the SDK; either way its outcome is unknown, not failed.
        if (request.method !== 'GET' && seen.lostConnection) throw new ActionOutcomeUnknownError(redactSecrets(request.url));
        throw err;
      }
      if (response.status === 401 && /error="insufficient_claims"/.test(response.headers.get('www-authenticate') ?? '')) seen.claimsChallenged = true;
      const exchange: ArmHttpExchange = { ...base, phase: 'received', status: response.status };
      const headers = response.headers;
      const requestId = headers.get('x-ms-request-id');
      const correlationId = headers.get('x-ms-correlation-request-id');
      const retryAfter = retryAfterSecondsOf(headers);
      const asyncOperationUrl = headers.get('azure-asyncoperation');
      const location = headers.get('location');
      if (requestId) exchange.requestId = requestId;
      if (correlationId) exchange.correlationId = correlationId;
      if (retryAfter !== undefined) exchange.retryAfterSeconds = retryAfter;
      if (asyncOperationUrl) exchange.asyncOperationUrl = redactSecrets(asyncOperationUrl);
      if (location) exchange.location = redactSecrets(location);
      const text = response.bodyAsText;
      if (typeof text === 'string' && text.length > 0 && text.length <= MAX_BODY_CHARS) {
        try {
          exchange.body = JSON.parse(text) as unknown;
        } catch {
          // Not JSON: the SDK reports the parse failure itself.
        }
        if (response.status >= 400 && requestId && options.errorBodies) {
          options.errorBodies.set(requestId, text);
          if (options.errorBodies.size > MAX_KEPT_BODIES) {
            const oldest = options.errorBodies.keys().next().value;
            if (oldest !== undefined) options.errorBodies.delete(oldest);
          }
        }
      }
      notify(options.listener, exchange);
      return response;
    },
  };
}

function errorCodeOf(text: string | null | undefined): string {
  if (!text) return '';
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown }; code?: unknown };
    const code = body.error?.code ?? body.code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

function notify(listener: ArmHttpListener | undefined, exchange: ArmHttpExchange): void {
  if (!listener) return;
  try {
    listener(exchange);
  } catch {
    // Observers must never break a request.
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname.toLowerCase();
  } catch {
    return url.split('?')[0]?.toLowerCase() ?? '';
  }
}

/** Retry-After in seconds from the headers ARM and the SDK honour (ms variants first, like the SDK). */
export function retryAfterSecondsOf(headers: { get(name: string): string | undefined }): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const value = headers.get(name);
    if (value) {
      const ms = Number(value);
      if (Number.isFinite(ms) && ms >= 0) return ms / 1000;
    }
  }
  const header = headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}
