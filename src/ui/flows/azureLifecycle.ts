/**
 * The Azure Start and Restart flows: only instances whose state allows the action, no option
 * to choose, and a confirmation that names the count and what follows (billing, resuming a
 * hibernated VM, capacity Azure does not guarantee, the interruption of a restart).
 */
import type { OperationRequestOf } from '../../fleet/model';
import { l10n } from '../l10n';
import { azureTargetLabel } from '../targets';
import { type AzureFlowDeps, confirmationDetail, confirmationMessage, finish, listTargetNames, resolveTargets, toAzureTarget } from './azure';
import type { AzureSelection, FlowResult } from './types';

export async function startFlow(selection: AzureSelection, deps: AzureFlowDeps): Promise<FlowResult<OperationRequestOf<'azure.start'>>> {
  const resolved = await resolveTargets('start', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const hibernated = resolved.instances.filter((instance) => instance.powerState === 'hibernated');
  // A stopped VM keeps its hardware; a deallocated or hibernated one needs it found again.
  const reallocated = resolved.instances.filter((instance) => instance.powerState === 'deallocated' || instance.powerState === 'hibernated');
  const consequences = [
    l10n.t('Compute billing resumes for every VM that starts.'),
    ...(hibernated.length > 0
      ? [l10n.t('Hibernated VMs resume: the memory saved on the OS disk is restored and their programs carry on where they were ({0}).', listTargetNames(hibernated.map(azureTargetLabel)))]
      : []),
    ...(reallocated.length > 0
      ? [l10n.t('Azure does not guarantee capacity for deallocated or hibernated VMs: a start can fail with an allocation error. If it does, try again later or choose another VM size.')]
      : []),
  ];
  const confirmed = await deps.prompter.confirm({
    message: confirmationMessage('start', resolved),
    detail: confirmationDetail(resolved, consequences),
    confirmLabel: l10n.t('Start'),
  });
  if (!confirmed) return { outcome: 'canceled' };
  return finish({ kind: 'azure.start', targets: resolved.instances.map(toAzureTarget), options: {} });
}

export async function restartFlow(selection: AzureSelection, deps: AzureFlowDeps): Promise<FlowResult<OperationRequestOf<'azure.restart'>>> {
  const resolved = await resolveTargets('restart', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const confirmed = await deps.prompter.confirm({
    message: confirmationMessage('restart', resolved),
    detail: confirmationDetail(resolved, [
      l10n.t('The operating system restarts: what runs on the VMs is interrupted until they are running again.'),
      l10n.t('The VMs keep their hardware and billing does not change.'),
    ]),
    confirmLabel: l10n.t('Restart'),
  });
  if (!confirmed) return { outcome: 'canceled' };
  return finish({ kind: 'azure.restart', targets: resolved.instances.map(toAzureTarget), options: {} });
}
