/**
 * A tenant of the signed-in account that could not be listed gets its own node next to the
 * subscriptions: "Contoso (contoso.onmicrosoft.com)  sign in required", with a Sign In action.
 * Every other tenant's subscriptions still list (microsoft/azcode #110: one locked tenant hid
 * all the others). No 'vscode' import.
 */
import type { TenantListing } from '../../cloud/azure/index';
import { describeCloudError } from '../errorMessages';
import { l10n } from '../l10n';
import type { FleetOutput } from '../output';
import { formatCloudError } from '../outputFormat';
import type { Presented } from './presentation';

export class TenantNode {
  readonly kind = 'tenant';
  constructor(public listing: TenantListing) {}
  get id(): string { return `/tenants/${this.listing.tenant.tenantId}`; }
}

/** "Contoso (contoso.onmicrosoft.com)", or the name or the id alone when that is all Azure gave. */
export function tenantName(tenant: { tenantId: string; displayName?: string; defaultDomain?: string }): string {
  const name = tenant.displayName ?? tenant.tenantId;
  return tenant.defaultDomain ? l10n.t('{0} ({1})', name, tenant.defaultDomain) : name;
}

/** The nodes for the tenants that were not listed; a node already shown is updated in place. */
export function tenantNodesOf(listings: readonly TenantListing[], shown: readonly TenantNode[] = []): TenantNode[] {
  return listings.filter((listing) => listing.status !== 'listed').map((listing) => {
    const existing = shown.find((node) => node.listing.tenant.tenantId.toLowerCase() === listing.tenant.tenantId.toLowerCase());
    if (existing) { existing.listing = listing; return existing; }
    return new TenantNode(listing);
  });
}

/**
 * The nodes after a listing; a tenant's problem is written to the output once, when it starts
 * (not on every refresh): a warning when it needs a sign-in, an error when its listing failed.
 */
export function tenantNodesRead(listings: readonly TenantListing[], shown: readonly TenantNode[], output: Pick<FleetOutput, 'log' | 'cloudError'>): TenantNode[] {
  const before = new Map(shown.map((n) => [n.id, n.listing.status]));
  const nodes = tenantNodesOf(listings, shown);
  for (const { id, listing } of nodes) {
    if (before.get(id) === listing.status || !listing.error) continue;
    const name = tenantName(listing.tenant);
    if (listing.status === 'failed') {
      output.cloudError(l10n.t('Azure: the subscriptions of tenant {0} could not be listed.', name), listing.error);
      continue;
    }
    // Not a failure: the account has not signed in to this tenant (yet).
    output.log('warn', l10n.t('Azure: tenant {0} needs an interactive sign-in; its subscriptions are not shown until you sign in to it.', name));
    for (const line of formatCloudError(listing.error)) output.log('warn', line);
  }
  return nodes;
}

export function tenantPresentation(listing: TenantListing): Presented {
  const name = tenantName(listing.tenant);
  const signIn = listing.status === 'signInRequired';
  const status = signIn ? l10n.t('sign in required') : l10n.t('could not list its subscriptions');
  const reason = listing.error ? describeCloudError('list', listing.error, name).message : undefined;
  return {
    label: name,
    description: status,
    contextValue: `azureTenant;${signIn ? 'signInRequired' : 'failed'}`,
    icon: signIn ? { id: 'sign-in', color: 'list.warningForeground' } : { id: 'error', color: 'list.errorForeground' },
    tooltip: [
      l10n.t('{0}: {1}', name, status),
      l10n.t('Tenant ID: {0}', listing.tenant.tenantId),
      signIn
        ? l10n.t('Its subscriptions are not shown until you sign in to this tenant. Sign In asks for an interactive sign-in, with multi-factor authentication if the tenant requires it.')
        : l10n.t('Its subscriptions are not shown. Refresh to try again; the details are in the output.'),
      ...(reason ? [reason] : []),
    ].join('\n'),
  };
}
