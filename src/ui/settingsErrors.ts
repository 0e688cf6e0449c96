/**
 * Settings and sign-in problems as the user reads them: localized, naming the setting to fix.
 * No 'vscode' import (tested in plain Node).
 */
import type { AzureConfigurationError } from '../fleet/endpoints/azure';
import type { VolcengineConfigError } from '../fleet/endpoints/volcengine';
import { l10n } from './l10n';

/** A problem the user fixes in settings or by signing in; shown as a message, not a crash. */
export class UserFacingError extends Error {
  constructor(message: string, readonly fix: 'signIn' | 'setCredentials' | 'settings') {
    super(message);
    this.name = 'UserFacingError';
  }
}

export function describeAzureConfigurationError(error: AzureConfigurationError): string {
  switch (error.code) {
    case 'UnknownCloud': return l10n.t('The setting fleetPower.azure.cloud names an unknown cloud. Use AzureCloud, AzureChinaCloud, AzureUSGovernment or Custom.');
    case 'MissingEndpoint': return l10n.t('The Custom cloud needs a Resource Manager endpoint: set fleetPower.azure.resourceManagerEndpoint in your user settings.');
    case 'InvalidEndpoint': return l10n.t('The setting fleetPower.azure.resourceManagerEndpoint is not a valid https URL.');
    case 'InsecureEndpoint': return l10n.t('Refusing to send Azure tokens over plain http: fleetPower.azure.resourceManagerEndpoint must use https (http is allowed only for localhost).');
  }
}

export function describeVolcengineConfigError(error: VolcengineConfigError): string {
  switch (error.problem) {
    case 'insecureHttp': return l10n.t('Refusing to send signed requests over plain http: fleetPower.volcengine.endpoint must use https (http is allowed only for localhost).');
    case 'invalidRegion': return l10n.t('A region in fleetPower.volcengine.regions is not a valid Volcengine region id.');
    default: return l10n.t('The setting fleetPower.volcengine.endpoint is not a valid host or https URL.');
  }
}
