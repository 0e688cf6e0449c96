/**
 * Error codes, HTTP statuses and messages of the Volcengine OpenAPI gateway and of ECS.
 * Gateway rows: the "common error codes" table (reference/volcengine-ecs.md).
 * ECS rows: the StopInstance error table (seed 003) and the DescribeRegions error table.
 */

export interface VolcErrorSpec {
  status: number;
  code: string;
  /** Numeric code the gateway adds for its own errors; ECS errors carry none. */
  codeN?: number;
  message: string;
}

/** Gateway (authentication / routing) errors. */
export const gateway = {
  missingParameter: (name: string): VolcErrorSpec => ({ status: 400, code: 'MissingParameter', codeN: 100002, message: `The request is missing ${name} parameter.` }),
  missingAuthenticationToken: (): VolcErrorSpec => ({ status: 401, code: 'MissingAuthenticationToken', codeN: 100003, message: 'Request is missing Authentication Token.' }),
  missingRequestInfo: (what: string): VolcErrorSpec => ({ status: 400, code: 'MissingRequestInfo', codeN: 100004, message: `The request is missing ${what} information.` }),
  missingSignature: (): VolcErrorSpec => ({ status: 401, code: 'MissingSignature', codeN: 100005, message: 'The request is missing signature.' }),
  invalidTimestamp: (): VolcErrorSpec => ({ status: 400, code: 'InvalidTimestamp', codeN: 100006, message: 'The signature of the request is expired.' }),
  serviceNotFound: (service: string): VolcErrorSpec => ({ status: 404, code: 'ServiceNotFound', codeN: 100007, message: `This service[${service}] not found.` }),
  // The documented example message has no trailing period.
  invalidActionOrVersion: (action: string, version: string): VolcErrorSpec => ({ status: 404, code: 'InvalidActionOrVersion', codeN: 100008, message: `Could not find operation ${action} for version ${version}` }),
  /** Our choice (no documented code): a session token that is missing, wrong or past its expiry. */
  invalidSecurityToken: (why: 'expired' | 'invalid'): VolcErrorSpec => ({ status: 401, code: 'InvalidSecurityToken', codeN: 100018, message: why === 'expired' ? 'The security token included in the request is expired.' : 'The security token included in the request is invalid.' }),
  invalidAccessKey: (accessKeyId: string): VolcErrorSpec => ({ status: 401, code: 'InvalidAccessKey', codeN: 100009, message: `The accesskey [${accessKeyId}] included in the request is invalid.` }),
  signatureDoesNotMatch: (): VolcErrorSpec => ({
    status: 401, code: 'SignatureDoesNotMatch', codeN: 100010,
    message: 'The request signature we calculated does not match the signature you provided. Check your Secret Access Key and signing method. Consult the service documentation for details.',
  }),
} as const;

/** ECS business errors (seed 003 StopInstance table, DescribeRegions table). */
export const ecs = {
  invalidArgument: { status: 400, code: 'InvalidArgument', message: 'The specified argument is invalid.' },
  limitExceededRegionIds: { status: 400, code: 'LimitExceeded.MaximumRegionIds', message: 'The number of specified RegionIds exceeds the maximum limit.' },
  // By analogy with LimitExceeded.MaximumRegionIds; the StopInstances page documents the 100-id limit, not its error text.
  limitExceededInstanceIds: { status: 400, code: 'LimitExceeded.MaximumInstanceIds', message: 'The number of specified InstanceIds exceeds the maximum limit.' },
  invalidStoppedModeMalformed: { status: 400, code: 'InvalidStoppedMode.Malformed', message: 'The specified StoppedMode is malformed.' },
  scheduledInstanceUnsupported: { status: 400, code: 'InvalidStoppedModeForScheduledInstance.Unsupported', message: 'The specified scheduled instance does not support stop charging.' },
  dedicatedHostStatusUnsupported: { status: 400, code: 'InvalidDedicatedHostStatus.Unsupported', message: 'The status of the specified dedicated host does not support this request.' },
  invalidClientTokenMalformed: { status: 400, code: 'InvalidClientToken.Malformed', message: 'The specified ClientToken is malformed.' },
  idempotentParameterMismatch: {
    status: 400, code: 'IdempotentParameterMismatch',
    message: 'The request uses the same client token as a previous, but non-identical request. Do not reuse a client token with different requests, unless the requests are identical.',
  },
  missingInstanceId: { status: 400, code: 'MissingParameter.InstanceId', message: 'The required parameter InstanceId is not supplied.' },
  // By analogy with MissingParameter.InstanceId for the list actions.
  missingInstanceIds: { status: 400, code: 'MissingParameter.InstanceIds', message: 'The required parameter InstanceIds is not supplied.' },
  invalidInstanceStatus: { status: 400, code: 'InvalidInstanceStatus', message: 'The status of the specified instance does not support this request.' },
  instanceNotFound: { status: 404, code: 'InvalidInstance.NotFound', message: 'The specified instance does not exist.' },
  stoppedModeConflict: { status: 409, code: 'InvalidStoppedMode.Conflict', message: 'The specified StoppedMode conflicts with instance status.' },
  resourceLocked: { status: 412, code: 'OperationDenied.ResourceLocked', message: 'The specified operation is denied as your resource is locked for another operation.' },
  createdByOtherService: {
    status: 412, code: 'OperationDenied.ResourceCreatedByOtherService',
    message: 'The specified operation is denied as your resource is created by other service. You can check system tags to find the service.',
  },
  creatingImage: { status: 412, code: 'OperationDenied.InstanceIsCreatingImage', message: 'The specified operation is denied as your instance is creating image.' },
  instanceTypeMismatch: { status: 412, code: 'InvalidStoppedMode.InstanceTypeMismatch', message: "The specified StopCharging mismatch instance's InstanceType." },
  chargeTypeMismatch: { status: 412, code: 'InvalidStoppedMode.ChargeTypeMismatch', message: "The specified StopCharging mismatch instance's ChargeType." },
  dryRunOperation: { status: 412, code: 'DryRunOperation', message: 'Your request has been validated by the DryRunOperation.' },
  idempotentProcessing: { status: 412, code: 'IdempotentProcessing', message: 'The request uses the same client token as a previous one that is still in process.' },
  insufficientCapacity: { status: 500, code: 'Insufficient.InstanceCapacity', message: 'There is not enough capacity to fulfill your request.' },
  internalError: { status: 500, code: 'InternalError', message: 'An internal error has occurred.' },
  flowLimitExceeded: { status: 429, code: 'FlowLimitExceeded', message: "You've reach the limit on request rate of resources." },
} as const satisfies Record<string, VolcErrorSpec>;
