/**
 * Which ARM answers make the SDK wait before trying again, as ThrottleWaits. The SDK's
 * throttling retry strategy (@typespec/ts-http-runtime retryStrategies/throttlingRetryStrategy.js)
 * waits only on 429 or 503 carrying Retry-After (or retry-after-ms / x-ms-retry-after-ms), for
 * exactly that long; a 429 without it is not retried. So every wait it makes is the cloud's.
 */
import type { ThrottleWait } from '../../fleet/waits';
import type { ArmHttpExchange } from './httpPolicy';

const THROTTLE_STATUSES = new Set([429, 503]);

/** The wait an answer causes, or undefined when the SDK will not wait on it. */
export function throttleWaitOf(exchange: ArmHttpExchange): ThrottleWait | undefined {
  if (exchange.phase !== 'received' || exchange.status === undefined || !THROTTLE_STATUSES.has(exchange.status)) return undefined;
  if (exchange.retryAfterSeconds === undefined) return undefined;
  const code = throttleCodeOf(exchange.body);
  return {
    waitSeconds: exchange.retryAfterSeconds,
    askedByCloud: true,
    httpStatus: exchange.status,
    ...(code ? { code } : {}),
    ...(exchange.requestId ? { requestId: exchange.requestId } : {}),
  };
}

/**
 * The code to name: Compute's throttling answer is OperationNotAllowed with a TooManyRequests
 * detail (azure-arm.md "Azure Compute throttling"), so both are given when present.
 */
export function throttleCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const wrapper = body as { code?: unknown; error?: unknown };
  const inner = (wrapper.error && typeof wrapper.error === 'object' ? wrapper.error : wrapper) as { code?: unknown; details?: unknown };
  const code = typeof inner.code === 'string' ? inner.code : undefined;
  const detail = Array.isArray(inner.details) ? (inner.details as Array<{ code?: unknown }>).find((d) => typeof d?.code === 'string')?.code : undefined;
  if (code && typeof detail === 'string' && detail !== code) return `${code}/${detail}`;
  return code ?? (typeof detail === 'string' ? detail : undefined);
}
