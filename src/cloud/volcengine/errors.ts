/**
 * Volcengine error codes, their HTTP status and what kind of problem each is. The UI maps
 * every code to a localized message; the category drives the guidance (sign in, wait, …).
 */
import { ClientTokenError } from '../../fleet/clientToken';
import { VolcengineConfigError } from '../../fleet/endpoints/volcengine';
import type { CloudErrorInfo, ErrorCategory } from '../../fleet/model';
import { VolcengineCredentialsError } from './credentials';

export interface VolcengineErrorCodeInfo {
  httpStatus: number;
  category: ErrorCategory;
  /** The server's documented English message (may contain %s placeholders). */
  message: string;
  /** Where the code is documented. */
  source: 'StopInstance' | 'StopInstances' | 'DescribeRegions' | 'gateway' | 'local';
}

/**
 * StopInstance codes (seed 003, docs 6396/70468), gateway codes (BytePlus/Volcengine common
 * error codes) and the local codes this client produces itself.
 */
export const VOLCENGINE_ERROR_CODES = {
  // ---- StopInstance (seed 003)
  'InvalidStoppedMode.Malformed': { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The specified StoppedMode is malformed.' },
  'InvalidStoppedModeForScheduledInstance.Unsupported': { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The specified scheduled instance does not support stop charging.' },
  'InvalidDedicatedHostStatus.Unsupported': { httpStatus: 400, category: 'conflict', source: 'StopInstance', message: 'The status of the specified dedicated host does not support this request.' },
  'InvalidClientToken.Malformed': { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The specified ClientToken is malformed.' },
  InvalidArgument: { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The specified argument is invalid.' },
  IdempotentParameterMismatch: { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.' },
  'MissingParameter.InstanceId': { httpStatus: 400, category: 'invalidInput', source: 'StopInstance', message: 'The required parameter InstanceId is not supplied.' },
  InvalidInstanceStatus: { httpStatus: 400, category: 'conflict', source: 'StopInstance', message: 'The status of the specified instance does not support this request.' },
  'InvalidInstance.NotFound': { httpStatus: 404, category: 'notFound', source: 'StopInstance', message: 'The specified instance does not exist.' },
  'InvalidStoppedMode.Conflict': { httpStatus: 409, category: 'conflict', source: 'StopInstance', message: 'The specified StoppedMode conflicts with instance status.' },
  'OperationDenied.ResourceLocked': { httpStatus: 412, category: 'conflict', source: 'StopInstance', message: 'The specified operation is denied as your resource is locked for another operation.' },
  'OperationDenied.ResourceCreatedByOtherService': { httpStatus: 412, category: 'conflict', source: 'StopInstance', message: 'The specified operation is denied as your resource is created by other service. You can check system tags to find the service.' },
  'OperationDenied.InstanceIsCreatingImage': { httpStatus: 412, category: 'conflict', source: 'StopInstance', message: 'The specified operation is denied as your instance is creating image.' },
  'InvalidStoppedMode.InstanceTypeMismatch': { httpStatus: 412, category: 'invalidInput', source: 'StopInstance', message: "The specified StopCharging mismatch instance's InstanceType." },
  'InvalidStoppedMode.ChargeTypeMismatch': { httpStatus: 412, category: 'invalidInput', source: 'StopInstance', message: "The specified StopCharging mismatch instance's ChargeType." },
  DryRunOperation: { httpStatus: 412, category: 'dryRun', source: 'StopInstance', message: 'Your request has been validated by the DryRunOperation.' },
  IdempotentProcessing: { httpStatus: 412, category: 'conflict', source: 'StopInstance', message: 'The request uses the same client token as a previous one that is still in process.' },
  'Insufficient.InstanceCapacity': { httpStatus: 500, category: 'server', source: 'StopInstance', message: 'There is not enough capacity to fulfill your request.' },
  InternalError: { httpStatus: 500, category: 'server', source: 'StopInstance', message: 'An internal error has occurred.' },
  // ---- DescribeRegions
  'LimitExceeded.MaximumRegionIds': { httpStatus: 400, category: 'invalidInput', source: 'DescribeRegions', message: 'The number of specified RegionIds exceeds the maximum limit.' },
  FlowLimitExceeded: { httpStatus: 429, category: 'throttled', source: 'DescribeRegions', message: "You've reach the limit on request rate of resources." },
  // ---- OpenAPI gateway (common error codes)
  MissingParameter: { httpStatus: 400, category: 'invalidInput', source: 'gateway', message: 'The request is missing %s parameter.' },
  MissingAuthenticationToken: { httpStatus: 401, category: 'authentication', source: 'gateway', message: 'Request is missing Authentication Token.' },
  MissingRequestInfo: { httpStatus: 400, category: 'invalidInput', source: 'gateway', message: 'The request is missing %s information.' },
  MissingSignature: { httpStatus: 401, category: 'authentication', source: 'gateway', message: 'The request is missing signature.' },
  InvalidTimestamp: { httpStatus: 400, category: 'authentication', source: 'gateway', message: 'The signature of the request is expired.' },
  ServiceNotFound: { httpStatus: 404, category: 'invalidInput', source: 'gateway', message: 'This service[%s] not found.' },
  InvalidActionOrVersion: { httpStatus: 404, category: 'invalidInput', source: 'gateway', message: 'Could not find operation %s for version %s.' },
  InvalidAccessKey: { httpStatus: 401, category: 'authentication', source: 'gateway', message: 'The accesskey [%s] included in the request is invalid.' },
  SignatureDoesNotMatch: { httpStatus: 401, category: 'authentication', source: 'gateway', message: 'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method. Consult the service documentation for details.' },
  LackPolicy: { httpStatus: 403, category: 'permission', source: 'gateway', message: 'Request was rejected because of lack of policy.' },
  AccessDenied: { httpStatus: 403, category: 'permission', source: 'gateway', message: 'User is not authorized to perform: %s on resource: %s.' },
  // ---- produced by this client
  NetworkError: { httpStatus: 0, category: 'network', source: 'local', message: 'The request did not reach the server or the answer was lost.' },
  Timeout: { httpStatus: 0, category: 'network', source: 'local', message: 'The server did not answer in time.' },
  MalformedResponse: { httpStatus: 0, category: 'malformedResponse', source: 'local', message: 'The server answered with something that is not a Volcengine OpenAPI response.' },
  CredentialsMissing: { httpStatus: 0, category: 'authentication', source: 'local', message: 'No Volcengine access key pair is configured.' },
  CredentialsInvalid: { httpStatus: 0, category: 'authentication', source: 'local', message: 'The configured Volcengine credentials cannot be used.' },
  InvalidSetting: { httpStatus: 0, category: 'invalidInput', source: 'local', message: 'A Volcengine setting is invalid.' },
  InvalidClientToken: { httpStatus: 0, category: 'invalidInput', source: 'local', message: 'The ClientToken must be 1 to 64 printable ASCII characters.' },
  NoTargets: { httpStatus: 0, category: 'invalidInput', source: 'local', message: 'Nothing to stop: the selection is empty.' },
  OutcomeUnknown: { httpStatus: 0, category: 'network', source: 'local', message: 'The stop request got no answer and the instance is not stopping; it may not have been sent.' },
  InstanceError: { httpStatus: 0, category: 'server', source: 'local', message: 'The instance went into the ERROR state while stopping.' },
  WaitTimeout: { httpStatus: 0, category: 'unknown', source: 'local', message: 'The instance did not reach STOPPED in time; the stop may still complete.' },
  ResumeStateMissing: { httpStatus: 0, category: 'unknown', source: 'local', message: 'The operation cannot be followed after the reload.' },
  InvalidRegion: { httpStatus: 0, category: 'invalidInput', source: 'local', message: 'The value is not a Volcengine region id.' },
  InvalidInstanceId: { httpStatus: 0, category: 'invalidInput', source: 'local', message: 'The value is not a Volcengine instance id.' },
  UnexpectedError: { httpStatus: 0, category: 'unknown', source: 'local', message: 'An unexpected error occurred.' },
} as const satisfies Record<string, VolcengineErrorCodeInfo>;

export type VolcengineErrorCode = keyof typeof VOLCENGINE_ERROR_CODES;

/** The error codes StopInstance documents (seed 003). */
export const STOP_INSTANCE_ERROR_CODES = (Object.keys(VOLCENGINE_ERROR_CODES) as VolcengineErrorCode[])
  .filter((code) => VOLCENGINE_ERROR_CODES[code].source === 'StopInstance');

function isKnownCode(code: string): code is VolcengineErrorCode {
  return Object.prototype.hasOwnProperty.call(VOLCENGINE_ERROR_CODES, code);
}

/** Category of a code: the table first, then the naming conventions for codes not listed. */
export function classifyVolcengineCode(code: string, httpStatus?: number): ErrorCategory {
  if (isKnownCode(code)) return VOLCENGINE_ERROR_CODES[code].category;
  if (/^(InvalidAccessKey|SignatureDoesNotMatch|MissingAuthenticationToken|MissingSignature|InvalidTimestamp)/.test(code)) return 'authentication';
  if (/^(AccessDenied|LackPolicy|Forbidden)/.test(code)) return 'permission';
  if (/^(FlowLimitExceeded|RequestLimitExceeded|Throttling)/.test(code)) return 'throttled';
  if (code === 'DryRunOperation') return 'dryRun';
  if (/NotFound$/.test(code) || /\.NotFound/.test(code)) return 'notFound';
  if (/\.Conflict$/.test(code) || /^OperationDenied\./.test(code) || /^Invalid\w*Status/.test(code) || code === 'IdempotentProcessing') return 'conflict';
  if (/Malformed|^Missing|^InvalidArgument|Mismatch|^InvalidParameter|\.Unsupported$/.test(code)) return 'invalidInput';
  if (/^InternalError|^Insufficient\.|^ServiceUnavailable/.test(code)) return 'server';
  if (httpStatus !== undefined) {
    if (httpStatus === 401) return 'authentication';
    if (httpStatus === 403) return 'permission';
    if (httpStatus === 404) return 'notFound';
    if (httpStatus === 409 || httpStatus === 412) return 'conflict';
    if (httpStatus === 429) return 'throttled';
    if (httpStatus >= 500) return 'server';
    if (httpStatus >= 400) return 'invalidInput';
  }
  return 'unknown';
}

/** A refusal or failure from (or on the way to) the Volcengine OpenAPI. Never carries a credential. */
export class VolcengineError extends Error {
  override readonly name = 'VolcengineError';
  readonly info: CloudErrorInfo;

  constructor(info: Omit<CloudErrorInfo, 'cloud' | 'category'> & { category?: ErrorCategory }) {
    super(`${info.code}: ${info.message}${info.requestId ? ` (RequestId ${info.requestId})` : ''}`);
    this.info = {
      ...info,
      cloud: 'volcengine',
      category: info.category ?? classifyVolcengineCode(info.code, info.httpStatus),
    };
  }

  get code(): string { return this.info.code; }
  get category(): ErrorCategory { return this.info.category; }
}

/** The CloudErrorInfo for any thrown value, without ever including a raw error object. */
export function toCloudErrorInfo(error: unknown): CloudErrorInfo {
  if (error instanceof VolcengineError) return error.info;
  const message = error instanceof Error ? error.message : String(error);
  return { cloud: 'volcengine', code: 'UnexpectedError', message, category: 'unknown' };
}

/** Any failure of the client, its setup (credentials, settings) or the input (ClientToken) as a secret-free CloudErrorInfo. */
export function describeVolcengineFailure(error: unknown): CloudErrorInfo {
  const local = (code: VolcengineErrorCode, message: string): CloudErrorInfo => ({ cloud: 'volcengine', code, message, category: VOLCENGINE_ERROR_CODES[code].category });
  if (error instanceof VolcengineCredentialsError) return local('CredentialsInvalid', error.message);
  if (error instanceof VolcengineConfigError) return local('InvalidSetting', error.message);
  if (error instanceof ClientTokenError) return local('InvalidClientToken', error.message);
  return toCloudErrorInfo(error);
}
