/**
 * A tenant of the signed-in account that could not be listed gets its own node next to the
 * subscriptions: "Contoso (contoso.onmicrosoft.com)  sign in required", with a Sign In action.
 * Every other tenant's subscriptions still list (microsoft/azcode #110: one locked tenant hid
 * all the others). No 'vscode' import.
 */
import type { TenantListing } from '../../cloud/azure/index';
import { describeCloudError } from '../errorMessages';
import { l10n } from '../l10n';
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
