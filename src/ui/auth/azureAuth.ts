/**
 * Azure sign-in per `fleetPower.azure.authentication`:
 * auto = a VS Code Microsoft session if one exists silently, else the Azure CLI;
 * vscode = VS Code accounts; azureCli; environment (service principal).
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import type { AzureEndpoint } from '../../fleet/endpoints/azure';
import type { Cloud } from '../cloudModule';
import { l10n } from '../l10n';
import type { AzureAuthentication } from '../settingsPolicy';

export interface AzureSignIn {
  credential: TokenCredential;
  /** For the output and tooltips: where the identity comes from (never a token). */
  source: string;
}

/** VS Code re-issues sessions itself; asking again after a few minutes picks up refreshed tokens. */
const SESSION_TOKEN_REUSE_MS = 4 * 60_000;

function authProviderFor(endpoint: AzureEndpoint): 'microsoft' | 'microsoft-sovereign-cloud' {
  return endpoint.cloud === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

class VsCodeSessionCredential implements TokenCredential {
  constructor(private readonly provider: string, private readonly scopes: string[]) {}

  async getToken(_scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> {
    const session = await vscode.authentication.getSession(this.provider, this.scopes, { silent: true });
    if (!session) return null;
    return { token: session.accessToken, expiresOnTimestamp: Date.now() + SESSION_TOKEN_REUSE_MS };
  }
}

async function vscodeSession(endpoint: AzureEndpoint, interactive: boolean): Promise<AzureSignIn | undefined> {
  const provider = authProviderFor(endpoint);
  const scopes = [endpoint.scope];
  try {
    const session = interactive
      ? await vscode.authentication.getSession(provider, scopes, { createIfNone: true })
      : await vscode.authentication.getSession(provider, scopes, { silent: true });
    if (!session) return undefined;
    return { credential: new VsCodeSessionCredential(provider, scopes), source: l10n.t('VS Code account {0}', session.account.label) };
  } catch {
    // No provider for this cloud, or the user closed the sign-in page.
    return undefined;
  }
}

/** Undefined when this method has no identity to offer (the tree then shows the sign-in welcome). */
export async function resolveAzureSignIn(method: AzureAuthentication, endpoint: AzureEndpoint, cloud: Cloud, interactive: boolean): Promise<AzureSignIn | undefined> {
  switch (method) {
    case 'vscode':
      return vscodeSession(endpoint, interactive);
    case 'auto': {
      const session = await vscodeSession(endpoint, false);
      if (session) return session;
      return { credential: await cloud.azure.createAzureCredential('azureCli'), source: l10n.t('Azure CLI') };
    }
    case 'azureCli':
      return { credential: await cloud.azure.createAzureCredential('azureCli'), source: l10n.t('Azure CLI') };
    case 'environment':
      return { credential: await cloud.azure.createAzureCredential('environment'), source: l10n.t('service principal from environment variables') };
  }
}

/** Interactive VS Code Microsoft account sign-in; the account label, or undefined if it did not complete. */
export async function signInWithVsCodeAccount(endpoint: AzureEndpoint): Promise<string | undefined> {
  return (await vscodeSession(endpoint, true))?.source;
}
