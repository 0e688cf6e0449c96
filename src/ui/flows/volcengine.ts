/**
 * The Volcengine Stop flow: targets (RUNNING instances only), stop mode, force stop, check
 * only, confirmation. Returns a plan with a fresh ClientToken for this user action.
 */
import { newClientToken } from '../../fleet/clientToken';
import type { EcsInstance, OperationRequestOf, OperationTarget, StoppedMode } from '../../fleet/model';
import { l10n } from '../l10n';
import { type EcsAction, ecsActionAllowed, ecsTargetLabel, ecsValidTargets } from '../targets';
import { ecsStatusLabel, regionDisplayName } from '../tree/volcenginePresentation';
import { listTargetNames } from './azure';
import type { FlowDeps, FlowResult, VolcengineFleetSource, VolcengineSelection } from './types';

export interface VolcengineFlowDeps extends FlowDeps {
  source: VolcengineFleetSource;
  /** One per user action; reused by the engine for every retry of that action. */
  newClientToken?: () => string;
}

export function toEcsTarget(instance: EcsInstance): OperationTarget {
  return { id: instance.instanceId, label: ecsTargetLabel(instance), scope: instance.regionId };
}

/** What the target pickers and refusals say for each action (each string a literal, for l10n). */
interface EcsActionWords {
  title: string;
  pickPlaceholder: string;
  noneSelected(skipped: string): string;
  noneInRegion(region: string, count: number): string;
}

function wordsFor(action: EcsAction): EcsActionWords {
  switch (action) {
    case 'stop': return {
      title: l10n.t('Stop Instance'),
      pickPlaceholder: l10n.t('Select the running instances to stop'),
      noneSelected: (skipped) => l10n.t('Only running instances can be stopped; none of the selected ones is running: {0}. Nothing was sent.', skipped),
      noneInRegion: (region, count) => l10n.t('No instance in {0} is running ({1} instances).', region, count),
    };
    case 'start': return {
      title: l10n.t('Start Instance'),
      pickPlaceholder: l10n.t('Select the stopped instances to start'),
      noneSelected: (skipped) => l10n.t('Only stopped instances can be started; none of the selected ones is stopped: {0}. Nothing was sent.', skipped),
      noneInRegion: (region, count) => l10n.t('No instance in {0} is stopped ({1} instances).', region, count),
    };
    case 'reboot': return {
      title: l10n.t('Reboot Instance'),
      pickPlaceholder: l10n.t('Select the running instances to reboot'),
      noneSelected: (skipped) => l10n.t('Only running instances can be rebooted; none of the selected ones is running: {0}. Nothing was sent.', skipped),
      noneInRegion: (region, count) => l10n.t('No instance in {0} is running ({1} instances).', region, count),
    };
  }
}

export interface ResolvedEcsTargets {
  instances: EcsInstance[];
  /** Selected instances left out because their status does not allow the action, with that status. */
  skipped: string[];
}

/** The clicked instances whose status allows the action, or (palette) region → instances, valid ones only. */
export async function resolveEcsTargets(action: EcsAction, selection: VolcengineSelection, deps: VolcengineFlowDeps): Promise<ResolvedEcsTargets | 'canceled' | { nothing: string }> {
  const words = wordsFor(action);
  if (selection.kind === 'instances') {
    const unique = [...new Map(selection.instances.map((i) => [i.instanceId, i])).values()];
    const valid = unique.filter((i) => ecsActionAllowed(action, i.status));
    const skipped = unique.filter((i) => !valid.includes(i)).map((i) => l10n.t('{0} ({1})', ecsTargetLabel(i), ecsStatusLabel(i.status)));
    if (valid.length === 0) return { nothing: words.noneSelected(skipped.join(', ')) };
    return { instances: valid, skipped };
  }
  const regions = await deps.source.regions();
  if (regions.length === 0) return { nothing: l10n.t('No Volcengine region is available. Set access keys or check the regions setting.') };
  const region = regions.length === 1 && regions[0] ? regions[0] : await deps.prompter.pickOne({
    title: words.title, placeholder: l10n.t('Select a region'),
    items: regions.map((r) => ({ label: regionDisplayName(r.regionId), description: r.regionId, value: r })),
  });
  if (!region) return 'canceled';
  const instances = await deps.source.instances(region.regionId, true);
  const valid = ecsValidTargets(action, instances);
  if (valid.length === 0) return { nothing: words.noneInRegion(regionDisplayName(region.regionId), instances.length) };
  const chosen = await deps.prompter.pickMany<EcsInstance>({
    title: words.title, placeholder: words.pickPlaceholder,
    items: valid.map((i) => ({ label: i.name || i.instanceId, description: l10n.t('{0} · {1} · {2}', i.instanceId, i.zoneId, i.instanceTypeId), value: i })),
  });
  if (!chosen) return 'canceled';
  if (chosen.length === 0) return { nothing: l10n.t('No instance was selected: nothing was sent.') };
  return { instances: chosen, skipped: [] };
}

export async function stopInstanceFlow(selection: VolcengineSelection, deps: VolcengineFlowDeps): Promise<FlowResult<OperationRequestOf<'volcengine.stopInstance'>>> {
  const resolved = await resolveEcsTargets('stop', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };
  const title = l10n.t('Stop Instance');

  const stoppedMode = await deps.prompter.pickOne<StoppedMode>({
    title, placeholder: l10n.t('Stop mode'),
    items: [
      { label: l10n.t('Normal stop (KeepCharging)'), description: l10n.t('default'), detail: l10n.t('The instance keeps its resources and is still billed for them.'), value: 'KeepCharging' },
      {
        label: l10n.t('Economical stop (StopCharging)'),
        detail: l10n.t('vCPU and memory are released and not billed; disks, public IP and bandwidth are still billed. Starting again can fail if the region runs out of stock. Not every instance type supports it.'),
        value: 'StopCharging',
      },
    ],
  });
  if (stoppedMode === undefined) return { outcome: 'canceled' };

  const forceStop = await deps.prompter.pickOne<boolean>({
    title, placeholder: l10n.t('Force stop?'),
    items: [
      { label: l10n.t('Normal shutdown'), description: l10n.t('default'), detail: l10n.t('The operating system shuts down first.'), value: false },
      { label: l10n.t('Force stop'), detail: l10n.t('Like pulling the plug: data not yet written to disk is lost.'), value: true },
    ],
  });
  if (forceStop === undefined) return { outcome: 'canceled' };

  const dryRun = await deps.prompter.pickOne<boolean>({
    title, placeholder: l10n.t('Stop now, or only check?'),
    items: [
      { label: l10n.t('Stop the instances'), description: l10n.t('default'), value: false },
      { label: l10n.t('Check only (DryRun)'), detail: l10n.t('Validates permissions, parameters and instance state; changes nothing.'), value: true },
    ],
  });
  if (dryRun === undefined) return { outcome: 'canceled' };

  const names = listTargetNames(resolved.instances.map(ecsTargetLabel));
  const only = resolved.instances[0];
  const count = resolved.instances.length;
  const consequences = [
    stoppedMode === 'StopCharging'
      ? l10n.t('Economical stop: vCPU and memory are released and not billed; disks, public IP and bandwidth are still billed; starting again can fail if the region runs out of stock.')
      : l10n.t('Normal stop: the instances keep their resources and are still billed.'),
    forceStop ? l10n.t('Force stop: data not yet written to disk is lost.') : l10n.t('The operating system shuts down first.'),
    '',
    l10n.t('Instances: {0}', names),
  ];
  if (resolved.skipped.length > 0) consequences.push(l10n.t('Left out (not running): {0}', listTargetNames(resolved.skipped)));

  const message = dryRun
    ? (count === 1 && only ? l10n.t('Check whether {0} can be stopped? Nothing will be stopped.', ecsTargetLabel(only)) : l10n.t('Check whether {0} instances can be stopped? Nothing will be stopped.', count))
    : (count === 1 && only ? l10n.t('Stop {0}?', ecsTargetLabel(only)) : l10n.t('Stop {0} instances?', count));
  const confirmed = await deps.prompter.confirm({
    message, detail: consequences.join('\n'), confirmLabel: dryRun ? l10n.t('Check') : l10n.t('Stop'),
  });
  if (!confirmed) return { outcome: 'canceled' };

  const clientToken = (deps.newClientToken ?? newClientToken)();
  return {
    outcome: 'plan',
    plan: { kind: 'volcengine.stopInstance', targets: resolved.instances.map(toEcsTarget), options: { stoppedMode, forceStop, dryRun, clientToken } },
  };
}
