/**
 * The Volcengine Start and Reboot flows. Start: STOPPED instances only; an instance stopped
 * with StopCharging gets its vCPU and memory re-created, which fails when the region is out of
 * stock, so the flow offers a DryRun (it checks stock) first. Reboot: RUNNING instances only,
 * normal or forced shutdown before the restart. Each returns a plan with a fresh ClientToken.
 */
import { newClientToken } from '../../fleet/clientToken';
import type { EcsInstance, OperationRequestOf } from '../../fleet/model';
import { ecsAlwaysForceStopped } from '../../fleet/rules';
import { l10n } from '../l10n';
import { ecsTargetLabel } from '../targets';
import { listTargetNames } from './azure';
import type { FlowResult, VolcengineSelection } from './types';
import { resolveEcsTargets, toEcsTarget, type ResolvedEcsTargets, type VolcengineFlowDeps } from './volcengine';

function names(instances: readonly EcsInstance[]): string {
  return listTargetNames(instances.map(ecsTargetLabel));
}

function targetLines(resolved: ResolvedEcsTargets, leftOut: (skipped: string) => string): string[] {
  return [l10n.t('Instances: {0}', names(resolved.instances)), ...(resolved.skipped.length > 0 ? [leftOut(listTargetNames(resolved.skipped))] : [])];
}

export async function startInstanceFlow(selection: VolcengineSelection, deps: VolcengineFlowDeps): Promise<FlowResult<OperationRequestOf<'volcengine.startInstance'>>> {
  const resolved = await resolveEcsTargets('start', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };
  const economical = resolved.instances.filter((instance) => instance.stoppedMode === 'StopCharging');

  const check = {
    label: l10n.t('Check only (DryRun)'),
    detail: economical.length > 0
      ? l10n.t('Checks permissions, status and whether the region has stock for the vCPU and memory of the economical-stopped instances; starts nothing.')
      : l10n.t('Checks permissions, status and stock; starts nothing.'),
    value: true,
  };
  const start = { label: l10n.t('Start the instances'), value: false };
  // After an economical stop a start can fail for lack of stock: the check comes first then.
  const dryRun = await deps.prompter.pickOne<boolean>({
    title: l10n.t('Start Instance'), placeholder: l10n.t('Start now, or only check?'),
    items: economical.length > 0
      ? [{ ...check, description: l10n.t('recommended') }, start]
      : [{ ...start, description: l10n.t('default') }, check],
  });
  if (dryRun === undefined) return { outcome: 'canceled' };

  const count = resolved.instances.length;
  const only = count === 1 ? resolved.instances[0] : undefined;
  const consequences = [
    l10n.t('Started instances are billed for compute again.'),
    ...(economical.length > 0
      ? [l10n.t('Economical stop (StopCharging): starting re-creates the vCPU and memory of {0}; if the region is out of stock, the start fails (disks and IP addresses are kept).', names(economical))]
      : []),
    '',
    ...targetLines(resolved, (skipped) => l10n.t('Left out (not stopped): {0}', skipped)),
  ];
  const message = dryRun
    ? (only ? l10n.t('Check whether {0} can be started? Nothing will be started.', ecsTargetLabel(only)) : l10n.t('Check whether {0} instances can be started? Nothing will be started.', count))
    : (only ? l10n.t('Start {0}?', ecsTargetLabel(only)) : l10n.t('Start {0} instances?', count));
  const confirmed = await deps.prompter.confirm({ message, detail: consequences.join('\n'), confirmLabel: dryRun ? l10n.t('Check') : l10n.t('Start') });
  if (!confirmed) return { outcome: 'canceled' };

  const clientToken = (deps.newClientToken ?? newClientToken)();
  return { outcome: 'plan', plan: { kind: 'volcengine.startInstance', targets: resolved.instances.map(toEcsTarget), options: { dryRun, clientToken } } };
}

export async function rebootInstanceFlow(selection: VolcengineSelection, deps: VolcengineFlowDeps): Promise<FlowResult<OperationRequestOf<'volcengine.rebootInstance'>>> {
  const resolved = await resolveEcsTargets('reboot', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const forceStop = await deps.prompter.pickOne<boolean>({
    title: l10n.t('Reboot Instance'), placeholder: l10n.t('How should the instances shut down before the restart?'),
    items: [
      { label: l10n.t('Normal shutdown'), description: l10n.t('default'), detail: l10n.t('The operating system shuts down, then the instance starts again.'), value: false },
      { label: l10n.t('Force stop'), detail: l10n.t('Like pulling the plug: data not yet written to disk is lost.'), value: true },
    ],
  });
  if (forceStop === undefined) return { outcome: 'canceled' };

  const bareMetal = resolved.instances.filter((instance) => ecsAlwaysForceStopped(instance.instanceTypeId));
  const count = resolved.instances.length;
  const only = count === 1 ? resolved.instances[0] : undefined;
  const consequences = [
    forceStop
      ? l10n.t('Force stop: data not yet written to disk is lost.')
      : l10n.t('The operating system shuts down first; what runs on the instances is interrupted until they are running again.'),
    bareMetal.length > 0
      ? l10n.t('Bare metal: {0} is always force-stopped, whatever you choose, and can lose data; Volcengine advises rebooting bare-metal instances from its console.', names(bareMetal))
      : l10n.t('Bare-metal instances are always force-stopped; Volcengine advises rebooting them from its console.'),
    '',
    ...targetLines(resolved, (skipped) => l10n.t('Left out (not running): {0}', skipped)),
  ];
  const confirmed = await deps.prompter.confirm({
    message: only ? l10n.t('Reboot {0}?', ecsTargetLabel(only)) : l10n.t('Reboot {0} instances?', count),
    detail: consequences.join('\n'),
    confirmLabel: l10n.t('Reboot'),
  });
  if (!confirmed) return { outcome: 'canceled' };

  const clientToken = (deps.newClientToken ?? newClientToken)();
  return { outcome: 'plan', plan: { kind: 'volcengine.rebootInstance', targets: resolved.instances.map(toEcsTarget), options: { forceStop, clientToken } } };
}
