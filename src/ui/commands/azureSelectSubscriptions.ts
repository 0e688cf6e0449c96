import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import { subscriptionStateLabel } from '../tree/azurePresentation';

/** Which subscriptions the tree shows; choosing all of them clears the filter. */
export async function azureSelectSubscriptions(ctx: FleetContext): Promise<void> {
  const all = await ctx.clouds.azure.tree.allSubscriptions();
  const selected = ctx.clouds.azure.tree.selectedSubscriptions();
  const chosen = await ctx.prompter.pickMany({
    title: l10n.t('Select Subscriptions'),
    placeholder: l10n.t('Subscriptions to show in the Azure Scale Sets view'),
    items: all.map((s) => ({
      label: s.displayName,
      description: s.state === 'Enabled' ? s.subscriptionId : l10n.t('{0} · {1}', subscriptionStateLabel(s.state), s.subscriptionId),
      picked: selected ? selected.includes(s.subscriptionId) : true,
      value: s.subscriptionId,
    })),
  });
  if (!chosen) return;
  await ctx.clouds.azure.tree.setSelectedSubscriptions(chosen.length === all.length ? undefined : chosen);
}
