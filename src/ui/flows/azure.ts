/**
 * The Azure operation flows: which targets, which options, the confirmation. They take a
 * Prompter and a fleet source and return a plan; they never call VS Code or the cloud
 * directly, so they are tested in plain Node with prompts answered from a queue.
 */
import { armIdKey } from '../../fleet/clouds';
import type { AzurePowerState, OperationRequest, OperationRequestOf, OperationTarget, ScaleSet, ScaleSetInstance, ScaleSetRef } from '../../fleet/model';
import { hibernationBlocker } from '../../fleet/rules';
import { l10n } from '../l10n';
import type { PickItem } from '../prompts/prompter';
import { type AzureAction, type AzureStateAction, azureActionAllowed, azureTargetLabel, azureValidTargets } from '../targets';
import { azurePowerStateLabel } from '../tree/azurePresentation';
import type { AzureFleetSource, AzureSelection, FlowDeps, FlowResult } from './types';

export interface AzureFlowDeps extends FlowDeps {
  source: AzureFleetSource;
}

type AzureRequest = Extract<OperationRequest, { kind: `azure.${string}` }>;

/** Names listed in a confirmation before "and N more". */
const LISTED_NAMES = 10;

export function toAzureTarget(instance: ScaleSetInstance): OperationTarget {
  return { id: instance.id, label: azureTargetLabel(instance), scope: instance.scaleSet.id };
}

export function actionTitle(action: AzureAction): string {
  switch (action) {
    case 'powerOff': return l10n.t('Power Off');
    case 'deallocate': return l10n.t('Deallocate');
    case 'performMaintenance': return l10n.t('Perform Maintenance');
    case 'start': return l10n.t('Start');
    case 'restart': return l10n.t('Restart');
  }
}

function notAllowedReason(action: AzureStateAction, state: AzurePowerState): string {
  const stateLabel = azurePowerStateLabel(state);
  switch (action) {
    case 'powerOff': return l10n.t('cannot be powered off while {0}', stateLabel);
    case 'deallocate': return l10n.t('cannot be deallocated while {0}', stateLabel);
    case 'start': return l10n.t('cannot be started while {0}', stateLabel);
    case 'restart': return l10n.t('cannot be restarted while {0}', stateLabel);
  }
}

export function listTargetNames(labels: readonly string[]): string {
  const shown = labels.slice(0, LISTED_NAMES).join(', ');
  return labels.length > LISTED_NAMES ? l10n.t('{0} and {1} more', shown, labels.length - LISTED_NAMES) : shown;
}

/** The scale sets the instances belong to, each once (ARM ids ignore case). */
function scaleSetsOf(instances: readonly ScaleSetInstance[]): ScaleSetRef[] {
  const byId = new Map<string, ScaleSetRef>();
  for (const instance of instances) byId.set(armIdKey(instance.scaleSet.id), instance.scaleSet);
  return [...byId.values()];
}

export interface ResolvedTargets {
  instances: ScaleSetInstance[];
  /** Set when the command ran on a scale-set node: the confirmation names the whole set. */
  wholeScaleSet?: ScaleSet;
  /** Selected instances left out because their state does not allow the action. */
  skipped: string[];
  /** The scale set picked from the palette (its hibernation setting is known). */
  pickedScaleSet?: ScaleSet;
}

/** The palette's first two steps, shared by every Azure flow: subscription → scale set. */
export async function pickScaleSet(title: string, deps: AzureFlowDeps): Promise<ScaleSet | 'canceled' | { nothing: string }> {
  const subscriptions = (await deps.source.subscriptions()).filter((s) => s.state !== 'Disabled' && s.state !== 'Deleted');
  if (subscriptions.length === 0) return { nothing: l10n.t('No enabled Azure subscription is available. Sign in or select subscriptions first.') };
  const subscription = subscriptions.length === 1 && subscriptions[0] ? subscriptions[0] : await deps.prompter.pickOne({
    title, placeholder: l10n.t('Select a subscription'),
    items: subscriptions.map((s) => ({ label: s.displayName, description: s.subscriptionId, value: s })),
  });
  if (!subscription) return 'canceled';

  const scaleSets = await deps.source.scaleSets(subscription.subscriptionId);
  if (scaleSets.length === 0) return { nothing: l10n.t('Subscription {0} has no scale sets.', subscription.displayName) };
  const scaleSet = await deps.prompter.pickOne({
    title, placeholder: l10n.t('Select a scale set'),
    items: scaleSets.map((s) => ({ label: s.name, description: l10n.t('{0} · {1} · {2}', s.resourceGroup, s.location, s.orchestrationMode), value: s })),
  });
  return scaleSet ?? 'canceled';
}

/** The palette path: subscription → scale set → instances (valid targets only). */
async function pickAzureInstances(action: AzureStateAction, deps: AzureFlowDeps): Promise<ResolvedTargets | 'canceled' | { nothing: string }> {
  const title = actionTitle(action);
  const scaleSet = await pickScaleSet(title, deps);
  if (scaleSet === 'canceled' || 'nothing' in scaleSet) return scaleSet;

  const instances = await deps.source.instances(scaleSet, true);
  const valid = azureValidTargets(action, instances);
  if (valid.length === 0) {
    return { nothing: l10n.t('No instance of {0} can take this action now ({1} instances, none in a suitable state).', scaleSet.name, instances.length) };
  }
  const chosen = await deps.prompter.pickMany<ScaleSetInstance>({
    title, placeholder: l10n.t('Select the instances ({0} of {1} can take this action)', valid.length, instances.length),
    items: valid.map((instance) => ({
      label: instance.name,
      description: l10n.t('{0} · {1}', azureTargetLabel(instance), azurePowerStateLabel(instance.powerState)),
      value: instance,
    })),
  });
  if (!chosen) return 'canceled';
  if (chosen.length === 0) return { nothing: l10n.t('No instance was selected: nothing was sent.') };
  return { instances: chosen, skipped: [], pickedScaleSet: scaleSet };
}

export async function resolveTargets(action: AzureStateAction, selection: AzureSelection, deps: AzureFlowDeps): Promise<ResolvedTargets | 'canceled' | { nothing: string }> {
  switch (selection.kind) {
    case 'none':
      return pickAzureInstances(action, deps);
    case 'scaleSet': {
      // Re-read the instances: the confirmation must name what is there now.
      const instances = await deps.source.instances(selection.scaleSet, true);
      const valid = azureValidTargets(action, instances);
      const skipped = instances.filter((i) => !valid.includes(i)).map((i) => l10n.t('{0} ({1})', azureTargetLabel(i), notAllowedReason(action, i.powerState)));
      if (valid.length === 0) {
        return { nothing: l10n.t('No instance of {0} can take this action now ({1} instances, none in a suitable state): nothing was sent.', selection.scaleSet.name, instances.length) };
      }
      return { instances: valid, wholeScaleSet: selection.scaleSet, skipped };
    }
    case 'instances': {
      const unique = [...new Map(selection.instances.map((i) => [armIdKey(i.id), i])).values()];
      const valid = unique.filter((i) => azureActionAllowed(action, i.powerState));
      const skipped = unique.filter((i) => !valid.includes(i)).map((i) => l10n.t('{0} ({1})', azureTargetLabel(i), notAllowedReason(action, i.powerState)));
      if (valid.length === 0) {
        return { nothing: l10n.t('None of the selected instances can take this action: {0}. Nothing was sent.', skipped.join(', ')) };
      }
      return { instances: valid, skipped };
    }
  }
}

export function confirmationDetail(resolved: ResolvedTargets, consequences: string[]): string {
  const lines = [...consequences, '', l10n.t('Instances: {0}', listTargetNames(resolved.instances.map(azureTargetLabel)))];
  if (resolved.skipped.length > 0) lines.push(l10n.t('Left out (their state does not allow it): {0}', listTargetNames(resolved.skipped)));
  return lines.join('\n');
}

export function confirmationMessage(action: AzureStateAction, resolved: ResolvedTargets): string {
  const count = resolved.instances.length;
  if (resolved.wholeScaleSet) {
    const name = resolved.wholeScaleSet.name;
    switch (action) {
      case 'powerOff': return l10n.t('Power off {0} instances of scale set {1}?', count, name);
      case 'deallocate': return l10n.t('Deallocate {0} instances of scale set {1}?', count, name);
      case 'start': return l10n.t('Start {0} instances of scale set {1}?', count, name);
      case 'restart': return l10n.t('Restart {0} instances of scale set {1}?', count, name);
    }
  }
  const only = resolved.instances[0];
  if (count === 1 && only) {
    const label = azureTargetLabel(only);
    switch (action) {
      case 'powerOff': return l10n.t('Power off {0}?', label);
      case 'deallocate': return l10n.t('Deallocate {0}?', label);
      case 'start': return l10n.t('Start {0}?', label);
      case 'restart': return l10n.t('Restart {0}?', label);
    }
  }
  switch (action) {
    case 'powerOff': return l10n.t('Power off {0} instances?', count);
    case 'deallocate': return l10n.t('Deallocate {0} instances?', count);
    case 'start': return l10n.t('Start {0} instances?', count);
    case 'restart': return l10n.t('Restart {0} instances?', count);
  }
}

export function finish<R extends AzureRequest>(plan: R): FlowResult<R> {
  // The engine is only ever handed a non-empty, explicit list of instances.
  if (plan.targets.length === 0) return { outcome: 'nothingToDo', message: l10n.t('No instance was selected: nothing was sent.') };
  return { outcome: 'plan', plan };
}

export async function powerOffFlow(selection: AzureSelection, deps: AzureFlowDeps): Promise<FlowResult<OperationRequestOf<'azure.powerOff'>>> {
  const resolved = await resolveTargets('powerOff', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const skipShutdown = await deps.prompter.pickOne<boolean>({
    title: actionTitle('powerOff'),
    placeholder: l10n.t('How should the VMs shut down?'),
    items: [
      { label: l10n.t('Graceful shutdown'), description: l10n.t('default'), detail: l10n.t('The operating system is asked to shut down first.'), value: false },
      { label: l10n.t('Skip shutdown'), detail: l10n.t('Power is cut without asking the operating system; unsaved data can be lost.'), value: true },
    ],
  });
  if (skipShutdown === undefined) return { outcome: 'canceled' };

  const confirmed = await deps.prompter.confirm({
    message: confirmationMessage('powerOff', resolved),
    detail: confirmationDetail(resolved, [
      l10n.t('Powered-off VMs keep their compute allocation and are still billed for it. Deallocate stops compute charges.'),
      skipShutdown ? l10n.t('Skip shutdown: the operating system is not asked to shut down.') : l10n.t('Graceful shutdown: the operating system shuts down first.'),
    ]),
    confirmLabel: l10n.t('Power Off'),
  });
  if (!confirmed) return { outcome: 'canceled' };
  return finish({ kind: 'azure.powerOff', targets: resolved.instances.map(toAzureTarget), options: { skipShutdown } });
}

function hibernateItems(resolved: ResolvedTargets, deps: AzureFlowDeps): Array<PickItem<boolean>> {
  const plain: PickItem<boolean> = { label: l10n.t('Deallocate'), description: l10n.t('default'), detail: l10n.t('Compute is released and no longer billed; disks are kept.'), value: false };
  const blockers = scaleSetsOf(resolved.instances).map((ref) => {
    const scaleSet = [resolved.wholeScaleSet, resolved.pickedScaleSet].find((s) => s !== undefined && armIdKey(s.id) === armIdKey(ref.id)) ?? deps.source.scaleSet(ref);
    if (!scaleSet) return l10n.t('{0}: its hibernation setting is unknown', ref.name);
    switch (hibernationBlocker(scaleSet)) {
      case 'uniform': return l10n.t('{0} is a Uniform scale set; hibernation works only with Flexible scale sets', scaleSet.name);
      case 'notEnabled': return l10n.t('hibernation is not enabled on {0}', scaleSet.name);
      case undefined: return undefined;
    }
  }).filter((reason): reason is string => reason !== undefined);
  if (blockers.length > 0) {
    return [{ ...plain, detail: l10n.t('Hibernate is not offered: {0}.', blockers.join('; ')) }];
  }
  return [plain, {
    label: l10n.t('Hibernate and deallocate'),
    detail: l10n.t('Memory is saved to the OS disk and restored on the next start; compute is released and no longer billed.'),
    value: true,
  }];
}

export async function deallocateFlow(selection: AzureSelection, deps: AzureFlowDeps): Promise<FlowResult<OperationRequestOf<'azure.deallocate'>>> {
  const resolved = await resolveTargets('deallocate', selection, deps);
  if (resolved === 'canceled') return { outcome: 'canceled' };
  if ('nothing' in resolved) return { outcome: 'nothingToDo', message: resolved.nothing };

  const hibernate = await deps.prompter.pickOne<boolean>({
    title: actionTitle('deallocate'), placeholder: l10n.t('Hibernate before deallocating?'), items: hibernateItems(resolved, deps),
  });
  if (hibernate === undefined) return { outcome: 'canceled' };

  const confirmed = await deps.prompter.confirm({
    message: confirmationMessage('deallocate', resolved),
    detail: confirmationDetail(resolved, [
      l10n.t('Deallocated VMs release their compute and stop compute charges; disks (and static public IPs) are still billed. Dynamic public IPs are released.'),
      hibernate ? l10n.t('Hibernate: memory is saved to the OS disk and restored on the next start.') : l10n.t('Without hibernation, memory contents are lost.'),
    ]),
    confirmLabel: l10n.t('Deallocate'),
  });
  if (!confirmed) return { outcome: 'canceled' };
  return finish({ kind: 'azure.deallocate', targets: resolved.instances.map(toAzureTarget), options: { hibernate } });
}
