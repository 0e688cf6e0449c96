/**
 * A TokenCredential over VS Code's Microsoft account. A token for a tenant is a session for the
 * ARM scope plus `VSCODE_TENANT:<id>` (the microsoft-authentication extension's convention),
 * asked for silently: a tenant that would need a sign-in (MFA, never signed in, expired) throws
 * AuthenticationRequiredError, the name @azure/identity uses, so that tenant shows "sign in
 * required" instead of a prompt per request. A claims challenge (ARM's MFA enforcement) leads to
 * one interactive sign-in: with the challenge itself where VS Code accepts one (1.105+),
 * otherwise a new session. No 'vscode' import: the authentication API is passed in.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { AzureCloudName } from '../../fleet/endpoints/azure';

export interface AccountSession {
  accessToken: string;
  account: { id: string; label: string };
}

export interface SessionOptions {
  silent?: boolean;
  createIfNone?: boolean;
  forceNewSession?: boolean | { detail: string };
}

/** `vscode.AuthenticationWwwAuthenticateRequest` (VS Code 1.105+). */
export interface ChallengeRequest {
  wwwAuthenticate: string;
  fallbackScopes: readonly string[];
}

/** The part of `vscode.authentication` used here. */
export interface AccountAuthentication {
  getSession(providerId: string, scopes: readonly string[] | ChallengeRequest, options: SessionOptions): Promise<AccountSession | undefined>;
  /** Whether getSession takes a ChallengeRequest (VS Code 1.105+). */
  readonly acceptsChallenges: boolean;
}

/** No token without an interactive sign-in to this tenant (the name @azure/identity gives this case). */
export class AuthenticationRequiredError extends Error {
  constructor(readonly tenantId: string | undefined, message: string) {
    super(message);
    this.name = 'AuthenticationRequiredError';
  }
}

/** VS Code re-issues sessions itself; asking again after a few minutes picks up refreshed tokens. */
const SESSION_TOKEN_REUSE_MS = 4 * 60_000;

/** Entra ID per cloud (@azure/identity AzureAuthorityHosts); a Custom cloud's is not known, so the public one. */
const AUTHORITY: Record<AzureCloudName, string> = {
  AzureCloud: 'https://login.microsoftonline.com',
  AzureChinaCloud: 'https://login.chinacloudapi.cn',
  AzureUSGovernment: 'https://login.microsoftonline.us',
  Custom: 'https://login.microsoftonline.com',
};

/** True when VS Code is at least major.minor ("1.105.0-insider" counts as 1.105). */
export function vscodeVersionAtLeast(version: string, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10));
  return maj > major || (maj === major && min >= minor);
}

/** The microsoft-authentication provider for the public cloud, the sovereign-cloud one for any other. */
export function authProviderFor(cloud: AzureCloudName): 'microsoft' | 'microsoft-sovereign-cloud' {
  return cloud === 'AzureCloud' ? 'microsoft' : 'microsoft-sovereign-cloud';
}

/** The session scopes for ARM in one tenant; without a tenant the account's default (home) tenant. */
export function tenantScopes(scope: string, tenantId?: string): string[] {
  return tenantId ? [scope, `VSCODE_TENANT:${tenantId}`] : [scope];
}

/** The challenge as ARM words it, rebuilt from the claims the SDK's bearer policy passes on. */
export function claimsChallenge(cloud: AzureCloudName, tenantId: string | undefined, claims: string): string {
  const claimsB64 = Buffer.from(claims, 'utf8').toString('base64');
  return `Bearer authorization_uri="${AUTHORITY[cloud]}/${tenantId ?? 'organizations'}", error="insufficient_claims", claims="${claimsB64}"`;
}

function tokenOf(session: AccountSession): AccessToken {
  return { token: session.accessToken, expiresOnTimestamp: Date.now() + SESSION_TOKEN_REUSE_MS };
}

export class VsCodeAccountCredential implements TokenCredential {
  constructor(
    private readonly auth: AccountAuthentication,
    private readonly cloud: AzureCloudName,
    private readonly scope: string,
    /** Shown in VS Code's "sign in again" dialog (localized by the caller). */
    private readonly reSignInDetail: string,
  ) {}

  private get providerId(): string {
    return authProviderFor(this.cloud);
  }

  async getToken(_scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const tenantId = options?.tenantId;
    const scopes = tenantScopes(this.scope, tenantId);
    if (options?.claims) return this.signInAgain(scopes, tenantId, options.claims);
    const session = await this.auth.getSession(this.providerId, scopes, { silent: true });
    if (!session) throw new AuthenticationRequiredError(tenantId, `VS Code has no session for ${tenantId ? `tenant ${tenantId}` : 'the account'} that can be used without signing in.`);
    return tokenOf(session);
  }

  private async signInAgain(scopes: string[], tenantId: string | undefined, claims: string): Promise<AccessToken> {
    let session: AccountSession | undefined;
    try {
      session = this.auth.acceptsChallenges
        ? await this.auth.getSession(this.providerId, { wwwAuthenticate: claimsChallenge(this.cloud, tenantId, claims), fallbackScopes: scopes }, { createIfNone: true })
        : await this.auth.getSession(this.providerId, scopes, { forceNewSession: { detail: this.reSignInDetail } });
    } catch (error) {
      throw new AuthenticationRequiredError(tenantId, `Signing in again did not complete: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!session) throw new AuthenticationRequiredError(tenantId, 'Signing in again did not complete.');
    return tokenOf(session);
  }
}
