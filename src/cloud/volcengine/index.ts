/** Volcengine ECS: credentials, the SDK-backed client, the stop driver and the provider. */
export {
  resolveVolcengineCredentials, normalizeStoredCredentials, describeSource, VolcengineCredentialsError,
  type VolcengineCredentials, type ResolvedVolcengineCredentials,
} from './credentials';
export {
  VOLCENGINE_ERROR_CODES, STOP_INSTANCE_ERROR_CODES, VolcengineError, classifyVolcengineCode, toCloudErrorInfo,
} from './errors';
export { createVolcengineClient, mapEcsStatus, isValidInstanceId, type VolcengineClient, type VolcengineClientOptions } from './ecs';
export { planStopCalls } from './stopPlan';
export { createStopInstanceDriver, type VolcengineDriverOptions } from './stopDriver';
export { createVolcengineDrivers, createVolcengineProvider } from './provider';
