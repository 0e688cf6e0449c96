/**
 * The account's directory: its tenants, each tenant's subscriptions listed with a token for that
 * tenant, and what happened per tenant. A tenant that fails (needs an interactive sign-in or MFA,
 * is locked, or its listing failed) is reported on its own and never hides the others (microsoft/
 * azcode #110, Azure/BatchExplorer #2044). Pure: the SDK calls come in as functions.
 */
import { mapWithConcurrency } from '../../fleet/async';
import type { AzureSubscription, CloudErrorInfo } from '../../fleet/model';

export interface AzureTenant {
  tenantId: string;
  displayName?: string;
  defaultDomain?: string;
}

/** listed: its subscriptions are in the directory; signInRequired: no token without an interactive sign-in; failed: anything else. */
export type TenantStatus = 'listed' | 'signInRequired' | 'failed';

export interface TenantListing {
  tenant: AzureTenant;
  status: TenantStatus;
  error?: CloudErrorInfo;
}

export interface AzureDirectory {
  /** Every tenant of the account and how its listing went; empty when the credential has a single tenant (a service principal). */
  tenants: TenantListing[];
  /** Each subscription once, with the tenant its requests must use (accessTenantId). */
  subscriptions: AzureSubscription[];
}

interface DirectorySources {
  listTenants(): Promise<AzureTenant[]>;
  /** The subscriptions a token for `tenantId` lists, as ARM describes them (tenantId = home tenant). */
  listSubscriptions(tenantId: string): Promise<AzureSubscription[]>;
  /** Tenants listed at once. */
  concurrency: number;
  toCloudError(err: unknown, target: string): CloudErrorInfo;
}

interface ListedTenant {
  listing: TenantListing;
  subscriptions: AzureSubscription[];
}

/** The tenants, then each tenant's subscriptions (bounded); a tenant's failure is recorded, not thrown. */
export async function listDirectory(sources: DirectorySources): Promise<AzureDirectory> {
  const tenants = await sources.listTenants();
  const listed = await mapWithConcurrency(tenants, sources.concurrency, async (tenant): Promise<ListedTenant> => {
    try {
      return { listing: { tenant, status: 'listed' }, subscriptions: await sources.listSubscriptions(tenant.tenantId) };
    } catch (err) {
      const error = sources.toCloudError(err, tenantLabel(tenant));
      // No silent token (VS Code account, the Azure CLI), or ARM refused the token: only a sign-in to that tenant helps.
      const status: TenantStatus = error.category === 'authentication' ? 'signInRequired' : 'failed';
      return { listing: { tenant, status, error }, subscriptions: [] };
    }
  });
  return assembleDirectory(listed);
}

/**
 * Each subscription once. A subscription is sent with a token of the tenant that listed it —
 * the Azure CLI's "tenant of the token which is used to list the subscription" — because that
 * token is the one ARM showed it to: its home tenant for a guest, the managing tenant for a
 * Lighthouse delegation. Listed by several tenants, the listing by its home tenant wins.
 */
export function assembleDirectory(listed: ReadonlyArray<ListedTenant>): AzureDirectory {
  const names = new Map(listed.map(({ listing }) => [listing.tenant.tenantId.toLowerCase(), listing.tenant]));
  const byId = new Map<string, AzureSubscription>();
  for (const { listing, subscriptions } of listed) {
    const accessTenantId = listing.tenant.tenantId;
    for (const subscription of subscriptions) {
      const home = subscription.tenantId ? names.get(subscription.tenantId.toLowerCase()) : undefined;
      const entry: AzureSubscription = {
        ...subscription,
        accessTenantId,
        ...(home?.displayName ? { tenantName: home.displayName } : {}),
      };
      const key = subscription.subscriptionId.toLowerCase();
      const existing = byId.get(key);
      const listedByHome = (s: AzureSubscription): boolean => s.tenantId?.toLowerCase() === s.accessTenantId?.toLowerCase();
      if (!existing || (!listedByHome(existing) && listedByHome(entry))) byId.set(key, entry);
    }
  }
  return { tenants: listed.map(({ listing }) => listing), subscriptions: [...byId.values()] };
}

/** "Contoso (contoso.onmicrosoft.com)", or the name or id alone when that is all Azure gave. */
export function tenantLabel(tenant: AzureTenant): string {
  const name = tenant.displayName ?? tenant.tenantId;
  return tenant.defaultDomain ? `${name} (${tenant.defaultDomain})` : name;
}
