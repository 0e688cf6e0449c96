/**
 * What comes back from one signed ECS call: the SDK (and axios under it) loaded on first use,
 * the raw answer with its status and headers, and that answer read as an envelope or as the
 * VolcengineError it stands for; transport failures mapped to coded errors. (./transport.ts
 * sends, retries and bounds the calls.)
 */
import type { AxiosAdapter, AxiosRequestConfig, AxiosResponse } from 'axios';
import type * as VolcengineSdk from '@volcengine/openapi';
import { CONNECT_FAILURE_CODES, connectFailureOf, connectFailureText } from '../../fleet/connectFailure';
import { VOLCENGINE_ERROR_CODES, VolcengineError } from './errors';
import type { Envelope } from './transport';

export type SdkModule = typeof VolcengineSdk;

export interface RawAnswer { httpStatus: number; text: string; requestIdHeader?: string; retryAfterHeader?: string; dateHeader?: string }

/** The longest Retry-After honoured (the Go SDK's MaxThrottleDelay, 300 s); a larger one is capped. */
const MAX_RETRY_AFTER_MS = 300_000;

/** Retry-After as integer seconds on a 429/503 answer; anything else (an HTTP date, garbage) is not a wait we were given. */
export function retryAfterMsOf(httpStatus: number, header: string | undefined): number | undefined {
  if ((httpStatus !== 429 && httpStatus !== 503) || header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Number(header.trim()) * 1000);
}

/** What a throttled answer asked for, kept beside the error (its info is the user-facing, journaled part). */
export const askedWaits = new WeakMap<VolcengineError, number>();

let sdkPromise: Promise<SdkModule> | undefined;
let adapterPromise: Promise<AxiosAdapter> | undefined;

/** The SDK (and axios under it) is loaded on first use so activation stays fast. */
export function loadSdk(): Promise<SdkModule> {
  sdkPromise ??= import('@volcengine/openapi');
  return sdkPromise;
}

// Kept because the SDK returns only the body and axios transforms never see the status: this wrapper keeps status and raw text.
export function loadRawAnswerAdapter(): Promise<AxiosAdapter> {
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
export const isRawAnswer = (value: unknown): value is RawAnswer => isRecord(value) && typeof value.httpStatus === 'number' && typeof value.text === 'string';

/** Axios/Node transport failures → NetworkError / Timeout (never the raw error: it holds headers). */
export function transportError(error: unknown, action: string): VolcengineError {
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
export function isTransient(error: VolcengineError): boolean {
  if (error.category === 'network') return true;
  const httpStatus = error.info.httpStatus ?? 0;
  if (error.code === 'MalformedResponse') return httpStatus >= 500;
  if (error.code === 'Insufficient.InstanceCapacity') return false;
  // "The previous request with this ClientToken is still in process": its answer comes later.
  if (error.code === 'IdempotentProcessing') return true;
  return httpStatus >= 500 || error.code === 'InternalError' || error.code === 'ServiceUnavailable';
}

/** The envelope of one answer, or the VolcengineError it stands for. */
export function parseAnswer(action: string, answer: RawAnswer, mask: (text: string) => string): Envelope {
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
