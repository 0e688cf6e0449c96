/**
 * Which Azure cloud to talk to: ARM endpoint and the token scope that must go with it.
 * The current @azure/arm-compute does not derive the scope from the endpoint, so it is
 * resolved here and passed explicitly (`credentials: { scopes }`).
 */
import { isLoopbackHost } from './loopback';

export type AzureCloudName = 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment' | 'Custom';

const AZURE_CLOUD_NAMES: readonly AzureCloudName[] = ['AzureCloud', 'AzureChinaCloud', 'AzureUSGovernment', 'Custom'];

export interface AzureEndpoint {
  /** ARM base URL without a trailing slash. */
  endpoint: string;
  /** The token scope for that ARM (`<audience>/.default`). */
  scope: string;
  cloud: AzureCloudName;
}

export interface AzureCloudSettings {
  cloud: string;
  resourceManagerEndpoint?: string;
}

export type AzureConfigurationErrorCode = 'UnknownCloud' | 'MissingEndpoint' | 'InvalidEndpoint' | 'InsecureEndpoint';

/** A setting that cannot be used; raised before any request is made. */
export class AzureConfigurationError extends Error {
  constructor(readonly code: AzureConfigurationErrorCode, message: string) {
    super(message);
    this.name = 'AzureConfigurationError';
  }
}

// Source: ARM metadata endpoints (management.azure.com/metadata/endpoints), see shared reference.
const KNOWN_CLOUDS: Record<Exclude<AzureCloudName, 'Custom'>, { endpoint: string; scope: string }> = {
  AzureCloud: { endpoint: 'https://management.azure.com', scope: 'https://management.azure.com/.default' },
  AzureChinaCloud: { endpoint: 'https://management.chinacloudapi.cn', scope: 'https://management.chinacloudapi.cn/.default' },
  AzureUSGovernment: { endpoint: 'https://management.usgovcloudapi.net', scope: 'https://management.usgovcloudapi.net/.default' },
};

function isAzureCloudName(value: string): value is AzureCloudName {
  return (AZURE_CLOUD_NAMES as readonly string[]).includes(value);
}

export function resolveAzureEndpoint(settings: AzureCloudSettings): AzureEndpoint {
  const cloud = settings.cloud.trim();
  if (!isAzureCloudName(cloud)) {
    throw new AzureConfigurationError('UnknownCloud',
      `Unknown Azure cloud "${truncate(settings.cloud)}". Use one of: ${AZURE_CLOUD_NAMES.join(', ')}.`);
  }
  if (cloud !== 'Custom') return { cloud, ...KNOWN_CLOUDS[cloud] };
  const raw = settings.resourceManagerEndpoint?.trim() ?? '';
  if (!raw) {
    throw new AzureConfigurationError('MissingEndpoint',
      'The Custom cloud needs a Resource Manager endpoint (fleetPower.azure.resourceManagerEndpoint).');
  }
  const endpoint = validateEndpointUrl(raw);
  return { cloud, endpoint, scope: `${endpoint}/.default` };
}

/** Validates a Resource Manager URL and returns it normalized (no trailing slash). */
export function validateEndpointUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AzureConfigurationError('InvalidEndpoint', `The Resource Manager endpoint "${truncate(raw)}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AzureConfigurationError('InvalidEndpoint',
      `The Resource Manager endpoint must use https (got "${url.protocol}").`);
  }
  if (url.username || url.password) {
    throw new AzureConfigurationError('InvalidEndpoint', 'The Resource Manager endpoint must not contain a user name or password.');
  }
  if (url.search || url.hash) {
    throw new AzureConfigurationError('InvalidEndpoint', 'The Resource Manager endpoint must not contain a query or fragment.');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new AzureConfigurationError('InsecureEndpoint',
      `Refusing to send Azure tokens over plain http to ${url.hostname}: use https (http is allowed only for localhost).`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function truncate(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
