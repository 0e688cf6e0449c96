/**
 * One category per Azure error code. The same failure reaches us by several paths (the
 * Failed status body of an Azure-AsyncOperation poll, the SDK's "long-running operation has
 * failed" message, an HTTP error with a CloudError body); the code decides its category
 * wherever it came from, so the guidance never depends on the LRO style. A throttled answer
 * (429) is the one exception: ARM's throttling body reuses OperationNotAllowed, and the
 * status is what says "wait".
 */
import type { ErrorCategory } from '../../fleet/model';

const CATEGORY_OF_CODE: Readonly<Record<string, ErrorCategory>> = {
  // Sign-in (azure-arm.md, ARM's 401 texts)
  AuthenticationFailed: 'authentication',
  InvalidAuthenticationToken: 'authentication',
  ExpiredAuthenticationToken: 'authentication',
  InvalidAuthenticationTokenAudience: 'authentication',
  InvalidAuthenticationTokenTenant: 'authentication',
  // Role assignments
  AuthorizationFailed: 'permission',
  LinkedAuthorizationFailed: 'permission',
  // What the platform could not do, whatever the request said: try again later
  InternalExecutionError: 'server',
  InternalServerError: 'server',
  InternalOperationError: 'server',
  ServiceUnavailable: 'server',
  OperationFailed: 'server',
  AllocationFailed: 'server',
  ZonalAllocationFailed: 'server',
  // The resource's state or another operation stands in the way
  OperationNotAllowed: 'conflict',
  OperationPreempted: 'conflict',
  OperationCanceled: 'conflict',
  Conflict: 'conflict',
  ReadOnlyDisabledSubscription: 'conflict',
  // Throttling named as such
  TooManyRequests: 'throttled',
  SubscriptionRequestsThrottled: 'throttled',
  // Gone
  ResourceNotFound: 'notFound',
  ResourceGroupNotFound: 'notFound',
  SubscriptionNotFound: 'notFound',
  NotFound: 'notFound',
  // The request itself
  InvalidParameter: 'invalidInput',
  InvalidRequestContent: 'invalidInput',
  BadRequest: 'invalidInput',
  MissingApiVersionParameter: 'invalidInput',
};

/** The category of an Azure error code; `fallback` for a code this table does not know. A 429 is always throttled. */
export function categoryOfAzureCode(code: string, fallback: ErrorCategory, httpStatus?: number): ErrorCategory {
  if (httpStatus === 429) return 'throttled';
  return CATEGORY_OF_CODE[code] ?? fallback;
}
