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

/** The code of the refusal as the cloud wrote it: `error.code`, or a bare body's `code` (azure-arm.md "Azure Compute throttling"). */
export function throttleCodeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { code, error } = body as { code?: unknown; error?: { code?: unknown } };
  if (typeof error?.code === 'string') return error.code;
  return typeof code === 'string' ? code : undefined;
}
