/**
 * Tokens for the right tenant. With an account that spans tenants (a VS Code Microsoft account,
 * the Azure CLI), the directory is listed tenant by tenant and every request for a subscription
 * carries a token of the tenant that listed it: a token of another tenant gets 401
 * InvalidAuthenticationTokenTenant. A service principal has one tenant and lists with its own.
 * Tokens are cached per tenant (tokenCache.ts), so each tenant costs one sign-in round trip.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth';
import type { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AzureSubscription, CloudErrorInfo } from '../../fleet/model';
import { listDirectory, type AzureDirectory, type AzureTenant } from './directory';
import type { ArmTokenSource } from './httpPolicy';
import { cachingCredential } from './tokenCache';

/** 'account': every tenant of the signed-in account; 'credential': only the credential's own tenant. */
export type TenantMode = 'account' | 'credential';

interface TenancyOptions {
  credential: TokenCredential;
  scope: string;
  mode: TenantMode;
  /** Tenants listed at once. */
  maxConcurrency: number;
  /** A subscriptions client whose requests use `credential`, with the ARM policy on `tokens`. */
  subscriptionClient(credential: TokenCredential, tokens: ArmTokenSource): Promise<SubscriptionClient>;
  toCloudError(err: unknown, target: string): CloudErrorInfo;
}

export interface Tenancy {
  /** Lists the directory again; later requests use the tenants it found. */
  listDirectory(): Promise<AzureDirectory>;
  /** Gives tokens for the subscription's tenant (looked up when a token is needed, after a listing if none ran yet). */
  credentialFor(subscriptionId: string): TokenCredential;
  /** The ARM policy's token source for requests made with `credential`. */
  tokensFor(credential: TokenCredential): ArmTokenSource;
  /** The newest listing (in flight or done), if any. */
  readonly latest: Promise<AzureDirectory> | undefined;
}

function withTenant(options: GetTokenOptions | undefined, tenantId: string | undefined): GetTokenOptions | undefined {
  // A tenant the SDK asks for itself (a challenge naming one) wins over the subscription's.
  if (options?.tenantId || !tenantId) return options;
  return { ...options, tenantId };
}

export function createTenancy(o: TenancyOptions): Tenancy {
  const cache = cachingCredential(o.credential);
  const tenantBySubscription = new Map<string, string>();
  const clients = new Map<string, Promise<SubscriptionClient>>();
  let latest: Promise<AzureDirectory> | undefined;

  const forTenant = (tenantId: string | undefined): TokenCredential => ({
    getToken: (scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> => cache.getToken(scopes, withTenant(options, tenantId)),
  });

  const tokensFor = (credential: TokenCredential): ArmTokenSource => ({
    current: async () => (await credential.getToken(o.scope))?.token,
    refresh: async () => {
      cache.invalidate();
      return (await credential.getToken(o.scope))?.token;
    },
  });

  const subscriptionsClient = (tenantId: string | undefined): Promise<SubscriptionClient> => {
    const key = tenantId?.toLowerCase() ?? '';
    let created = clients.get(key);
    if (!created) {
      const credential = forTenant(tenantId);
      created = o.subscriptionClient(credential, tokensFor(credential));
      clients.set(key, created);
    }
    return created;
  };

  const listSubscriptions = async (tenantId: string | undefined): Promise<AzureSubscription[]> => {
    const client = await subscriptionsClient(tenantId);
    const out: AzureSubscription[] = [];
    for await (const subscription of client.subscriptions.list()) {
      if (!subscription.subscriptionId) continue;
      out.push({
        subscriptionId: subscription.subscriptionId,
        displayName: subscription.displayName ?? subscription.subscriptionId,
        state: subscription.state ?? 'Unknown',
        ...(subscription.tenantId ? { tenantId: subscription.tenantId } : {}),
      });
    }
    return out;
  };

  const listTenants = async (): Promise<AzureTenant[]> => {
    // /tenants with the account's default (home tenant) token names every tenant of the account (vscode-azuretools does the same).
    const client = await subscriptionsClient(undefined);
    const out: AzureTenant[] = [];
    for await (const tenant of client.tenants.list()) {
      if (!tenant.tenantId) continue;
      out.push({
        tenantId: tenant.tenantId,
        ...(tenant.displayName ? { displayName: tenant.displayName } : {}),
        ...(tenant.defaultDomain ? { defaultDomain: tenant.defaultDomain } : {}),
      });
    }
    return out;
  };

  const tenantOf = async (subscriptionId: string): Promise<string | undefined> => {
    if (o.mode === 'credential') return undefined;
    const key = subscriptionId.toLowerCase();
    if (!tenantBySubscription.has(key)) {
      // An operation resumed after a reload can come before any listing: list once to learn the tenant.
      await (latest ?? tenancy.listDirectory()).catch(() => undefined);
    }
    return tenantBySubscription.get(key);
  };

  const tenancy: Tenancy = {
    listDirectory() {
      const listing = (async (): Promise<AzureDirectory> => {
        const directory = o.mode === 'credential'
          ? { tenants: [], subscriptions: await listSubscriptions(undefined) }
          : await listDirectory({ listTenants, listSubscriptions, concurrency: o.maxConcurrency, toCloudError: (err, target) => o.toCloudError(err, target) });
        for (const subscription of directory.subscriptions) {
          if (subscription.accessTenantId) tenantBySubscription.set(subscription.subscriptionId.toLowerCase(), subscription.accessTenantId);
        }
        return directory;
      })();
      latest = listing;
      return listing;
    },
    credentialFor(subscriptionId) {
      return {
        getToken: async (scopes, options) => cache.getToken(scopes, withTenant(options, await tenantOf(subscriptionId))),
      };
    },
    tokensFor,
    get latest() {
      return latest;
    },
  };
  return tenancy;
}
