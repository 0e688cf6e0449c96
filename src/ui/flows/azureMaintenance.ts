/**
 * The Perform Maintenance flow. Unlike the other Azure actions it is decided by Azure's
 * maintenance status, not the power state: only instances the one maintenance rule
 * (maintenanceEligibility) accepts are offered, sent and named; the confirmation says how
 * many it leaves out and why, and what maintenance does to a VM.
 */
import { armIdKey } from '../../fleet/clouds';
import { type MaintenanceBlocker, maintenanceEligibility } from '../../fleet/maintenance';
import type { OperationRequestOf, ScaleSet, ScaleSetInstance } from '../../fleet/model';
import { l10n } from '../l10n';
import { azureTargetLabel } from '../targets';
import { azurePowerStateLabel } from '../tree/azurePresentation';
import { maintenanceBlockerLabel, maintenanceMarker } from '../tree/maintenance';
import { type AzureFlowDeps, listTargetNames, pickScaleSet, toAzureTarget } from './azure';
import type { AzureSelection, FlowResult } from './types';

type MaintenanceRequest = OperationRequestOf<'azure.performMaintenance'>;

interface Sorted {
  eligible: ScaleSetInstance[];
  /** Each left-out instance under the reason the rule gave, in the order of the listing. */
  leftOut: Map<MaintenanceBlocker, ScaleSetInstance[]>;
}

interface Resolved extends Sorted {
  instances: ScaleSetInstance[];
  /** Set when the command ran on a scale-set node: the confirmation names the whole set. */
  wholeScaleSet?: ScaleSet;
}

type Resolution = Resolved | 'canceled' | { nothing: string };

function sortByEligibility(instances: readonly ScaleSetInstance[], now: number): Sorted {
  const sorted: Sorted = { eligible: [], leftOut: new Map() };
  for (const instance of instances) {
    const verdict = maintenanceEligibility(instance, now);
    if (verdict.eligible) sorted.eligible.push(instance);
    else sorted.leftOut.set(verdict.blocker, [...(sorted.leftOut.get(verdict.blocker) ?? []), instance]);
  }
  return sorted;
}

function leftOutCount(sorted: Sorted): number {
  let count = 0;
  for (const instances of sorted.leftOut.values()) count += instances.length;
  return count;
}

/** "no maintenance planned: 20; its state is changing: 1" */
function reasonCounts(sorted: Sorted): string {
  return [...sorted.leftOut].map(([blocker, instances]) => l10n.t('{0}: {1}', maintenanceBlockerLabel(blocker), instances.length)).join('; ');
}

/** "vmss-web/0 (no maintenance planned), …" for a small selection the user made by hand. */
function reasonsByName(sorted: Sorted): string {
  const named = [...sorted.leftOut].flatMap(([blocker, instances]) => instances.map((i) => l10n.t('{0} ({1})', azureTargetLabel(i), maintenanceBlockerLabel(blocker))));
  return listTargetNames(named);
}

function title(): string {
  return l10n.t('Perform Maintenance');
}

async function pickEligible(deps: AzureFlowDeps, now: number): Promise<Resolution> {
  const scaleSet = await pickScaleSet(title(), deps);
  if (scaleSet === 'canceled' || 'nothing' in scaleSet) return scaleSet;
  const all = await deps.source.instances(scaleSet, true);
  const sorted = sortByEligibility(all, now);
  if (sorted.eligible.length === 0) {
    return { nothing: l10n.t('No instance of {0} is eligible for self-service maintenance now ({1} instances: {2}). Nothing was sent.', scaleSet.name, all.length, reasonCounts(sorted)) };
  }
  const clock = { now };
  const chosen = await deps.prompter.pickMany<ScaleSetInstance>({
    title: title(),
    placeholder: l10n.t('Select the instances ({0} of {1} are eligible for self-service maintenance now)', sorted.eligible.length, all.length),
    items: sorted.eligible.map((instance) => ({
      label: instance.name,
      description: l10n.t('{0} · {1}', azureTargetLabel(instance), azurePowerStateLabel(instance.powerState)),
      detail: maintenanceMarker(instance.maintenance, clock) ?? '',
      value: instance,
    })),
  });
  if (!chosen) return 'canceled';
  if (chosen.length === 0) return { nothing: l10n.t('No instance was selected: nothing was sent.') };
  const picked = new Set(chosen.map((i) => armIdKey(i.id)));
  // The pick already said how many are eligible; what was not ticked is the user's choice, so nothing is "left out".
  return { eligible: sorted.eligible, leftOut: new Map(), instances: sorted.eligible.filter((i) => picked.has(armIdKey(i.id))) };
}

async function resolve(selection: AzureSelection, deps: AzureFlowDeps, now: number): Promise<Resolution> {
  switch (selection.kind) {
    case 'none':
      return pickEligible(deps, now);
    case 'scaleSet': {
      // Re-read: the confirmation must name what Azure reports now, not what the tree last saw.
      const all = await deps.source.instances(selection.scaleSet, true);
      const sorted = sortByEligibility(all, now);
      if (sorted.eligible.length === 0) {
        return { nothing: l10n.t('No instance of {0} is eligible for self-service maintenance now ({1} instances: {2}). Nothing was sent.', selection.scaleSet.name, all.length, reasonCounts(sorted)) };
      }
      return { ...sorted, instances: sorted.eligible, wholeScaleSet: selection.scaleSet };
    }
    case 'instances': {
      const unique = [...new Map(selection.instances.map((i) => [armIdKey(i.id), i])).values()];
      const sorted = sortByEligibility(unique, now);
      if (sorted.eligible.length === 0) {
        return { nothing: l10n.t('None of the selected instances is eligible for self-service maintenance now: {0}. Nothing was sent.', reasonsByName(sorted)) };
      }
      return { ...sorted, instances: sorted.eligible };
    }
  }
}

function confirmationMessage(resolved: Resolved): string {
  const count = resolved.instances.length;
  const only = resolved.instances[0];
  if (resolved.wholeScaleSet) {
    if (count === 1 && only) return l10n.t('Perform maintenance on {0}, the one eligible instance of scale set {1}?', azureTargetLabel(only), resolved.wholeScaleSet.name);
    return l10n.t('Perform maintenance on {0} instances of scale set {1}?', count, resolved.wholeScaleSet.name);
  }
  if (count === 1 && only) return l10n.t('Perform maintenance on {0}?', azureTargetLabel(only));
  return l10n.t('Perform maintenance on {0} instances?', count);
}

function confirmationDetail(resolved: Resolved): string {
  const lines = [
    l10n.t('Each VM restarts while Azure applies the maintenance (Azure\'s guidance: about 25 minutes per instance).'),
    l10n.t('Data on the temporary disk is lost.'),
    l10n.t('Azure advises against self-service maintenance for VMs you stop or deallocate often: that can undo the maintenance status.'),
    '',
    l10n.t('Instances: {0}', listTargetNames(resolved.instances.map(azureTargetLabel))),
  ];
  const leftOut = leftOutCount(resolved);
  if (leftOut > 0) {
    lines.push(resolved.wholeScaleSet
      ? l10n.t('Left out, nothing is sent for them: {0} instances ({1}).', leftOut, reasonCounts(resolved))
      : l10n.t('Left out, nothing is sent for them: {0}.', reasonsByName(resolved)));
  }
  return lines.join('\n');
}

export async function performMaintenanceFlow(selection: AzureSelection, deps: AzureFlowDeps): Promise<FlowResult<MaintenanceRequest>> {
  const resolved = await resolve(selection, deps, Date.now());
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const confirmed = await deps.prompter.confirm({
    message: confirmationMessage(resolved),
    detail: confirmationDetail(resolved),
    confirmLabel: l10n.t('Perform Maintenance'),
  });
  if (!confirmed) return { outcome: 'canceled' };
  // The engine is only ever handed a non-empty, explicit list: exactly the eligible, confirmed instances.
  if (resolved.instances.length === 0) return { outcome: 'nothingToDo', message: l10n.t('No instance was selected: nothing was sent.') };
  return { outcome: 'plan', plan: { kind: 'azure.performMaintenance', targets: resolved.instances.map(toAzureTarget), options: {} } };
}
