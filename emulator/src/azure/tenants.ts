/**
 * The tenants (directories) of the emulated Azure account: Tenants - List, which tenant's token
 * may list and act on a subscription, and the two 401s ARM answers otherwise —
 * `InvalidAuthenticationTokenTenant` for a token from another tenant, and a claims challenge for
 * an action sent with a user token without MFA to a tenant that enforces MFA for actions.
 */
import type { FleetFile, FleetSubscription, FleetTenant } from '../core/types';
import { ArmError } from './errors';
import type { TokenClaims } from './tokens';

/** The tenant a fleet file without `tenants` gets (GetTenants.json's Home tenant is "Contoso Corp."). */
const DEFAULT_TENANT = { displayName: 'Contoso', defaultDomain: 'contoso.onmicrosoft.com' };

/**
 * What the claims challenge asks for, and what a token that satisfies it carries: `amr` with
 * "mfa". Entra ID puts "mfa" in `amr` after multi-factor authentication; which claim ARM's
 * enforcement reads is not documented, so this is the emulator's choice (README).
 */
export const MFA_CLAIMS = JSON.stringify({ access_token: { amr: { essential: true, values: ['mfa'] } } });

export function hasMfa(claims: Pick<TokenClaims, 'amr'>): boolean {
  return claims.amr?.includes('mfa') === true;
}

export class TenantDirectory {
  private readonly list: FleetTenant[];

  constructor(private readonly fleet: FleetFile['azure']) {
    this.list = fleet.tenants && fleet.tenants.length > 0
      ? fleet.tenants
      : [{ tenantId: fleet.tenantId, ...DEFAULT_TENANT, tenantCategory: 'Home' }];
  }

  /** The emulated user's home tenant: where `organizations` / `common` sign-ins land. */
  get homeTenantId(): string {
    return this.fleet.tenantId;
  }

  all(): FleetTenant[] {
    return this.list;
  }

  /** By tenant id or any of its domains (case-insensitive); `organizations` and `common` mean the home tenant. */
  find(idOrDomain: string): FleetTenant | undefined {
    const wanted = idOrDomain.toLowerCase();
    const id = wanted === 'organizations' || wanted === 'common' ? this.homeTenantId.toLowerCase() : wanted;
    return this.list.find((t) => t.tenantId.toLowerCase() === id
      || t.defaultDomain.toLowerCase() === wanted
      || (t.domains ?? []).some((d) => d.toLowerCase() === wanted));
  }

  homeTenantOf(sub: FleetSubscription): string {
    return sub.tenantId ?? this.fleet.tenantId;
  }

  /**
   * A token lists and acts on the subscriptions of its own tenant and on those its tenant
   * manages through Lighthouse (`managedByTenants`): what the Azure CLI records as the tenant
   * "used to list the subscription" next to the subscription's home tenant.
   */
  admits(sub: FleetSubscription, tokenTenantId: string): boolean {
    const tid = tokenTenantId.toLowerCase();
    return this.homeTenantOf(sub).toLowerCase() === tid || (sub.managedByTenants ?? []).some((t) => t.toLowerCase() === tid);
  }

  /** TenantIdDescription as Tenants - List returns it (GetTenants.json). */
  body(t: FleetTenant): Record<string, unknown> {
    const category = t.tenantCategory ?? (t.tenantId.toLowerCase() === this.homeTenantId.toLowerCase() ? 'Home' : 'ProjectedBy');
    return {
      id: `/tenants/${t.tenantId}`,
      tenantId: t.tenantId,
      countryCode: t.countryCode ?? 'US',
      displayName: t.displayName,
      domains: t.domains ?? [t.defaultDomain],
      tenantCategory: category,
      defaultDomain: t.defaultDomain,
      tenantType: 'AAD',
    };
  }

  /** The 401 for a token from a tenant that neither owns nor manages the subscription (reference body, verbatim wording). */
  wrongTenant(tokenTenantId: string, sub: FleetSubscription): ArmError {
    const home = this.homeTenantOf(sub);
    return new ArmError(401, 'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer 'https://sts.windows.net/${tokenTenantId}/'. It must match the tenant 'https://sts.windows.net/${home}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${home}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
      undefined,
      { 'WWW-Authenticate': `Bearer authorization_uri="https://login.windows.net/${home}", error="invalid_token", error_description="The access token is from the wrong issuer."` });
  }

  /** A user token without MFA sent with an action to a tenant that enforces MFA for actions. */
  challengesAction(token: TokenClaims): boolean {
    return token.idtyp === 'user' && !hasMfa(token) && this.find(token.tid)?.mfaForActions === true;
  }

  /**
   * The claims challenge: the `WWW-Authenticate` shape @azure/core-rest-pipeline's bearer policy
   * acts on (`error="insufficient_claims"` with base64 `claims`); the body is the emulator's choice.
   */
  mfaChallenge(tokenTenantId: string): ArmError {
    const claims = Buffer.from(MFA_CLAIMS, 'utf8').toString('base64');
    return new ArmError(401, 'AuthenticationFailed',
      'This action requires a token issued after multi-factor authentication. Sign in again with multi-factor authentication and retry.',
      undefined,
      { 'WWW-Authenticate': `Bearer authorization_uri="https://login.microsoftonline.com/${tokenTenantId}/oauth2/authorize", error="insufficient_claims", claims="${claims}"` });
  }
}
