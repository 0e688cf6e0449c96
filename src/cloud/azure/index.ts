/** The Azure cloud layer: what the UI, the engine, the tests and the benchmarks use. No 'vscode' import here. */
export { resolveAzureEndpoint, AzureConfigurationError } from '../../fleet/endpoints/azure';
export { createAzureCredential } from './credentials';
export { toCloudError } from './errors';
export { parseArmId, InvalidResourceIdError } from './armId';
export { powerStateFromStatuses } from './powerState';
export { createAzureFleetClient, type AzureFleetClient } from './client';
export type { AzureDirectory, AzureTenant, TenantListing, TenantStatus } from './directory';
export type { TenantMode } from './tenancy';
export { toScaleSet, uniformInstance, flexibleInstance } from './mapping';
export { assertInstanceIds, guardScaleSetAction, InstanceSelectionError, type ArmHttpExchange } from './httpPolicy';
export { planAzureRequests, targetResultOf, AzureOperationRefused, type AzureResumeState } from './plan';
export { createAzureDrivers, createAzureProvider } from './driver';
