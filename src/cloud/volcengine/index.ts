/** Volcengine ECS: credentials, the SDK-backed client, the power-action drivers and the provider. */
export {
  resolveVolcengineCredentials, normalizeStoredCredentials, describeSource, VolcengineCredentialsError,
  type VolcengineCredentials, type ResolvedVolcengineCredentials,
} from './credentials';
export {
  VOLCENGINE_ERROR_CODES, STOP_INSTANCE_ERROR_CODES, VolcengineError, classifyVolcengineCode, toCloudErrorInfo,
} from './errors';
export { createVolcengineClient, mapEcsStatus, isValidInstanceId, type VolcengineClient, type VolcengineClientOptions } from './ecs';
export { planPowerCalls, POWER_ACTIONS } from './powerPlan';
export type { VolcengineDriverOptions } from './powerDriver';
export { createStopInstanceDriver } from './stopDriver';
export { createStartInstanceDriver } from './startDriver';
export { createRebootInstanceDriver } from './rebootDriver';
export { createVolcengineDrivers, createVolcengineProvider } from './provider';
