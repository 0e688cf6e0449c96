/**
 * What to tell the user when a request never reached the cloud (DNS, refused, TLS, proxy), the
 * Azure CLI could not give a token, or a Volcengine session token expired: what happened and
 * the fix, by code. No 'vscode' import.
 */
import type { CloudErrorInfo } from '../fleet/model';
import { l10n } from './l10n';

function endpointSetting(error: CloudErrorInfo): string {
  return error.cloud === 'azure' ? 'fleetPower.azure.resourceManagerEndpoint' : 'fleetPower.volcengine.endpoint';
}

/** The advice for a connection or Azure CLI failure; undefined for every other code. */
export function connectionAdvice(error: CloudErrorInfo): string | undefined {
  const setting = endpointSetting(error);
  switch (error.code) {
    case 'HostNotFound': return l10n.t('The endpoint\'s host name could not be found (DNS). Check the setting {0}, your network and your VPN; nothing was sent.', setting);
    case 'DnsUnavailable': return l10n.t('The name server did not answer. Check your network or VPN and try again; nothing was sent.');
    case 'ConnectionRefused': return l10n.t('Nothing accepted the connection at the endpoint. Check the setting {0} (host and port); nothing was sent.', setting);
    case 'TlsCertificateUntrusted': return l10n.t('The endpoint\'s TLS certificate is not trusted (self-signed or from an unknown authority — often a company proxy that inspects TLS). Install that authority\'s certificate in the operating system\'s trust store and keep VS Code\'s http.systemCertificates setting on, or point NODE_EXTRA_CA_CERTS at it; nothing was sent.');
    case 'TlsCertificateExpired': return l10n.t('The endpoint\'s TLS certificate has expired (or is not valid yet). Check this computer\'s date and time; if they are right, the certificate must be renewed. Nothing was sent.');
    case 'TlsCertificateWrongHost': return l10n.t('The endpoint\'s TLS certificate is for another host name. Check the setting {0} (use the name the certificate is for) or the proxy; nothing was sent.', setting);
    case 'ProxyRefused': return l10n.t('The proxy refused the connection. Check VS Code\'s http.proxy setting (or HTTPS_PROXY) and that the proxy allows this host; nothing was sent.');
    case 'ProxyAuthenticationRequired': return l10n.t('The proxy asks for credentials (HTTP 407). Put them in VS Code\'s http.proxy setting (http://<user>:<password>@<host>:<port>) or ask your administrator; nothing was sent.');
    case 'InvalidProxySetting': return l10n.t('VS Code\'s http.proxy setting is not a usable proxy URL. Set it to http://<host>:<port> (or clear it).');
    case 'AzureCliNotFound': return l10n.t('The Azure CLI (az) was not found. Install it (https://learn.microsoft.com/cli/azure/install-azure-cli) and sign in with az login, or choose another sign-in method in fleetPower.azure.authentication.');
    case 'AzureCliNotSignedIn': return l10n.t('The Azure CLI is not signed in. Run az login in a terminal, then Refresh.');
    case 'AzureCliTimeout': return l10n.t('The Azure CLI did not answer in time (az account get-access-token hung). Run it in a terminal to see why; a proxy or a slow managed-identity endpoint can make it hang.');
    case 'AzureCliUnreadable': return l10n.t('The Azure CLI printed something that is not a token. Run az account get-access-token in a terminal to see its output, and update the Azure CLI.');
    case 'AzureCliManagedIdentityUnavailable': return l10n.t('The Azure CLI signs in with this machine\'s managed identity, and its endpoint is down or too slow. Try again later, check the machine\'s identity, or sign in with az login.');
    case 'AzureCliFailed': return l10n.t('The Azure CLI could not give a token. Run az account get-access-token in a terminal to see the error.');
    case 'SessionTokenExpired': return l10n.t('{0} Get new temporary credentials for that source (for example with the ve CLI), then Refresh.', error.message.replace(/\s+/g, ' ').trim().slice(0, 300));
    default: return undefined;
  }
}
