/**
 * "Filter by Power State…" on each view: a multi-pick of the states to show; the view's
 * description names the active filter and the title bar gets a "Clear Filter" button.
 */
import type { AzurePowerState, EcsStatus } from '../../fleet/model';
import type { FleetContext } from '../context';
import { l10n } from '../l10n';
import type { PickItem } from '../prompts/prompter';
import { AZURE_POWER_STATES, azurePowerStateLabel } from '../tree/azurePresentation';
import { ECS_STATUSES, ecsStatusLabel } from '../tree/volcenginePresentation';

function stateItems<S extends string>(states: readonly S[], label: (state: S) => string, shown: readonly S[] | undefined): PickItem<S>[] {
  return states.map((state) => ({ label: label(state), description: state, picked: shown ? shown.includes(state) : false, value: state }));
}

export async function azureFilterByState(ctx: FleetContext): Promise<void> {
  const tree = ctx.clouds.azure.tree;
  const chosen = await ctx.prompter.pickMany<AzurePowerState>({
    title: l10n.t('Filter by Power State'),
    placeholder: l10n.t('Show only instances in these power states (none: show all)'),
    items: stateItems(AZURE_POWER_STATES, azurePowerStateLabel, tree.filter.states),
  });
  if (chosen) await tree.setFilter(chosen);
}

export async function azureClearFilter(ctx: FleetContext): Promise<void> {
  await ctx.clouds.azure.tree.setFilter(undefined);
}

export async function volcengineFilterByState(ctx: FleetContext): Promise<void> {
  const tree = ctx.clouds.volcengine.tree;
  const chosen = await ctx.prompter.pickMany<EcsStatus>({
    title: l10n.t('Filter by Status'),
    placeholder: l10n.t('Show only instances with these statuses (none: show all)'),
    items: stateItems(ECS_STATUSES, ecsStatusLabel, tree.filter.states),
  });
  if (chosen) await tree.setFilter(chosen);
}

export async function volcengineClearFilter(ctx: FleetContext): Promise<void> {
  await ctx.clouds.volcengine.tree.setFilter(undefined);
}
