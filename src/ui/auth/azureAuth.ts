/**
 * Azure sign-in per `fleetPower.azure.authentication`:
 * auto = a VS Code Microsoft session if one exists silently, else the Azure CLI;
 * vscode = VS Code accounts; azureCli; environment (service principal).
 * A VS Code account and the Azure CLI reach every tenant of the account; a service principal
 * only its own.
 */
import type { TokenCredential } from '@azure/core-auth';
import * as vscode from 'vscode';
import type { AzureEndpoint } from '../../fleet/endpoints/azure';
import type { Cloud } from '../cloudModule';
import { l10n } from '../l10n';
import type { AzureAuthentication } from '../settingsPolicy';
import { type AccountAuthentication, type AccountSession, authProviderFor, type ChallengeRequest, type SessionOptions, tenantScopes, VsCodeAccountCredential, vscodeVersionAtLeast } from './vscodeCredential';

/** How the identity in use signs in (auto resolves to one of these). */
export type AzureSignInMethod = 'vscode' | 'azureCli' | 'environment';

export interface AzureSignIn {
  credential: TokenCredential;
  /** For the output and tooltips: where the identity comes from (never a token). */
  source: string;
  method: AzureSignInMethod;
}

type GetSession = (providerId: string, scopes: readonly string[] | ChallengeRequest, options: SessionOptions) => Thenable<AccountSession | undefined>;

function accountAuthentication(): AccountAuthentication {
  // The @types/vscode this extension builds against (1.100) predates the challenge overload;
  // it is passed only when the running VS Code has it (vscode-azuretools: 1.105.0+).
  const getSession = vscode.authentication.getSession.bind(vscode.authentication) as unknown as GetSession;
  return {
    acceptsChallenges: vscodeVersionAtLeast(vscode.version, 1, 105),
    getSession: async (providerId, scopes, options) => getSession(providerId, scopes, options),
  };
}

async function vscodeSession(endpoint: AzureEndpoint, interactive: boolean): Promise<AzureSignIn | undefined> {
  const provider = authProviderFor(endpoint.cloud);
  const scopes = tenantScopes(endpoint.scope);
  try {
    const session = interactive
      ? await vscode.authentication.getSession(provider, scopes, { createIfNone: true })
      : await vscode.authentication.getSession(provider, scopes, { silent: true });
    if (!session) return undefined;
    const credential = new VsCodeAccountCredential(accountAuthentication(), endpoint.cloud, endpoint.scope,
      l10n.t('Azure asks for a new sign-in (for example multi-factor authentication) before it accepts this request.'));
    return { credential, source: l10n.t('VS Code account {0}', session.account.label), method: 'vscode' };
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
      return { credential: await cloud.azure.createAzureCredential('azureCli'), source: l10n.t('Azure CLI'), method: 'azureCli' };
    }
    case 'azureCli':
      return { credential: await cloud.azure.createAzureCredential('azureCli'), source: l10n.t('Azure CLI'), method: 'azureCli' };
    case 'environment':
      return { credential: await cloud.azure.createAzureCredential('environment'), source: l10n.t('service principal from environment variables'), method: 'environment' };
  }
}

/** Interactive VS Code Microsoft account sign-in; the account label, or undefined if it did not complete. */
export async function signInWithVsCodeAccount(endpoint: AzureEndpoint): Promise<string | undefined> {
  return (await vscodeSession(endpoint, true))?.source;
}

/** Interactive sign-in to one tenant of the VS Code account (`VSCODE_TENANT:`); the account label, or undefined if it did not complete. */
export async function signInToTenantWithVsCode(endpoint: AzureEndpoint, tenantId: string): Promise<string | undefined> {
  try {
    const session = await vscode.authentication.getSession(authProviderFor(endpoint.cloud), tenantScopes(endpoint.scope, tenantId), { createIfNone: true });
    return session.account.label;
  } catch {
    // The user cancelled, or the tenant refused the sign-in (locked, expired).
    return undefined;
  }
}
