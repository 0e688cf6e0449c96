/** Volcengine ECS: credentials, endpoint settings, the SDK-backed client and the stop driver. */
export {
  resolveVolcengineCredentials, normalizeStoredCredentials, describeSource, sourceLabel, maskAccessKeyId, veConfigPath,
  VolcengineCredentialsError,
  type VolcengineCredentials, type ResolvedVolcengineCredentials, type VolcengineCredentialSource, type CredentialsProblem,
} from './credentials';
export {
  parseVolcengineEndpoint, isValidRegionId, DEFAULT_VOLCENGINE_ENDPOINT, VolcengineConfigError,
  type VolcengineEndpoint, type EndpointProblem,
} from '../../fleet/endpoints/volcengine';
export {
  VOLCENGINE_ERROR_CODES, STOP_INSTANCE_ERROR_CODES, VolcengineError, classifyVolcengineCode, isVolcengineError, toCloudErrorInfo,
  type VolcengineErrorCode, type VolcengineErrorCodeInfo,
} from './errors';
export {
  createVolcengineClient, mapEcsStatus, mapStoppedMode, isValidInstanceId, ECS_API_VERSION, MAX_IDS_PER_CALL, DEFAULT_RETRY_POLICY,
  type VolcengineClient, type VolcengineClientOptions, type CallHooks, type RetryPolicy,
  type StopInstanceRequest, type StopInstanceResult, type StopInstancesRequest, type StopInstancesResult, type OperationDetail,
} from './client';
export {
  createVolcengineDrivers, createStopInstanceDriver, newClientToken, validateClientToken, deriveClientToken,
  parseStopOptions, planStopCalls, describeVolcengineFailure, ClientTokenError, MAX_CLIENT_TOKEN_LENGTH,
  type StopOptions, type StopCall, type StopResumeState, type VolcengineDriverOptions, type VolcengineClientFactory,
} from './operations';
