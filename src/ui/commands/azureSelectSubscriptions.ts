import type { AzureDirectory } from '../../cloud/azure/index';
import type { AzureSubscription } from '../../fleet/model';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import type { PickItem } from '../prompts/prompter';
import { subscriptionStateLabel } from '../tree/azurePresentation';
import { tenantName } from '../tree/tenantNodes';

/** The subscriptions under a separator per tenant (the one whose token lists them), tenants in the order Azure gave. */
export function subscriptionPickItems(directory: AzureDirectory, selected: readonly string[] | undefined): Array<PickItem<string>> {
  const names = new Map(directory.tenants.map(({ tenant }) => [tenant.tenantId.toLowerCase(), tenantName(tenant)]));
  const groupOf = (s: AzureSubscription): string | undefined => {
    const tenant = s.accessTenantId ?? s.tenantId;
    return tenant ? names.get(tenant.toLowerCase()) ?? tenant : undefined;
  };
  const order = (s: AzureSubscription): number => {
    const index = directory.tenants.findIndex(({ tenant }) => tenant.tenantId.toLowerCase() === (s.accessTenantId ?? s.tenantId ?? '').toLowerCase());
    return index < 0 ? directory.tenants.length : index;
  };
  return [...directory.subscriptions].sort((a, b) => order(a) - order(b)).map((s) => {
    const group = groupOf(s);
    const delegated = s.tenantId && s.accessTenantId && s.tenantId.toLowerCase() !== s.accessTenantId.toLowerCase();
    return {
      label: s.displayName,
      description: s.state === 'Enabled' ? s.subscriptionId : l10n.t('{0} · {1}', subscriptionStateLabel(s.state), s.subscriptionId),
      ...(delegated ? { detail: l10n.t('Delegated from tenant {0} (Azure Lighthouse)', s.tenantName ?? s.tenantId ?? '') } : {}),
      picked: selected ? selected.includes(s.subscriptionId) : true,
      ...(group ? { group } : {}),
      value: s.subscriptionId,
    };
  });
}

/** Which subscriptions the tree shows; choosing all of them clears the filter. */
export async function azureSelectSubscriptions(ctx: FleetContext): Promise<void> {
  const directory = await (await ctx.clouds.azure.session.getClient()).listDirectory();
  const selected = ctx.clouds.azure.tree.selectedSubscriptions();
  const chosen = await ctx.prompter.pickMany({
    title: l10n.t('Select Subscriptions'),
    placeholder: l10n.t('Subscriptions to show in the Azure Scale Sets view'),
    items: subscriptionPickItems(directory, selected),
  });
  if (!chosen) return;
  await ctx.clouds.azure.tree.setSelectedSubscriptions(chosen.length === directory.subscriptions.length ? undefined : chosen);
}
