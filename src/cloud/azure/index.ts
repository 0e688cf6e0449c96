/** The Azure cloud layer: what the UI and the engine use. No 'vscode' import here. */
export {
  resolveAzureEndpoint, validateEndpointUrl, AzureConfigurationError,
  type AzureCloudName, type AzureEndpoint, type AzureCloudSettings, type AzureConfigurationErrorCode,
} from '../../fleet/endpoints/azure';
export { createAzureCredential, type AzureCredentialKind, type AzureCredentialOptions } from './credentials';
export { toCloudError, lroStatusError, categoryForStatus, cloudErrorBody, type ToCloudErrorOptions } from './errors';
export { redactSecrets } from './redact';
export { parseArmId, parseScaleSetId, parseVmId, scaleSetId, InvalidResourceIdError, type ParsedArmId } from './armId';
export { powerStateFromStatuses } from './powerState';
export {
  createAzureFleetClient, toScaleSet, uniformInstance, flexibleInstance,
  type AzureFleetClient, type AzureFleetClientOptions, type SettledList,
} from './client';
export {
  assertInstanceIds, guardScaleSetAction, InstanceSelectionError, ActionOutcomeUnknownError,
  type ArmHttpExchange, type ArmHttpListener,
} from './httpPolicy';
export {
  createAzureDrivers, planAzureRequests, actionPath, aggregate, AzureOperationRefused,
  type AzureDriverOptions, type PlannedAzureRequest, type AzureResumeState, type AzureAction, type AzureOperationKind,
} from './operations';
