/**
 * How fleet objects look in the trees: labels, descriptions, icons, tooltips and the
 * contextValue the menus are gated on. No 'vscode' import: the tree providers turn these
 * into TreeItems, and tests check them (and the menu `when` clauses) in plain Node.
 */
import type {
  AzurePowerState, AzureSubscription, EcsInstance, EcsStatus, OperationKind, OperationRecord, OperationStatus,
  ScaleSet, ScaleSetInstance,
} from '../../fleet/model';
import { l10n } from '../l10n';
import { azureActionAllowed, ecsStopAllowed, hibernationBlocker } from '../targets';

/** A codicon id and an optional theme color id. */
export interface IconSpec { id: string; color?: string }

export const AZURE_POWER_STATES: readonly AzurePowerState[] = ['running', 'stopped', 'deallocated', 'hibernated', 'starting', 'stopping', 'deallocating', 'unknown'];
export const ECS_STATUSES: readonly EcsStatus[] = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING', 'UNKNOWN'];

export function azurePowerStateLabel(state: AzurePowerState): string {
  switch (state) {
    case 'running': return l10n.t('Running');
    case 'stopped': return l10n.t('Stopped');
    case 'deallocated': return l10n.t('Deallocated');
    case 'hibernated': return l10n.t('Hibernated');
    case 'starting': return l10n.t('Starting…');
    case 'stopping': return l10n.t('Stopping…');
    case 'deallocating': return l10n.t('Deallocating…');
    case 'unknown': return l10n.t('Unknown');
  }
}

export function azurePowerStateIcon(state: AzurePowerState): IconSpec {
  switch (state) {
    case 'running': return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'stopped': return { id: 'debug-stop', color: 'list.warningForeground' };
    case 'deallocated': return { id: 'vm-outline', color: 'disabledForeground' };
    case 'hibernated': return { id: 'debug-pause', color: 'disabledForeground' };
    case 'starting':
    case 'stopping':
    case 'deallocating': return { id: 'loading~spin' };
    case 'unknown': return { id: 'question' };
  }
}

export function ecsStatusLabel(status: EcsStatus): string {
  switch (status) {
    case 'CREATING': return l10n.t('Creating…');
    case 'RUNNING': return l10n.t('Running');
    case 'STOPPING': return l10n.t('Stopping…');
    case 'STOPPED': return l10n.t('Stopped');
    case 'REBOOTING': return l10n.t('Rebooting…');
    case 'STARTING': return l10n.t('Starting…');
    case 'REBUILDING': return l10n.t('Rebuilding…');
    case 'RESIZING': return l10n.t('Changing type…');
    case 'ERROR': return l10n.t('Error');
    case 'DELETING': return l10n.t('Deleting…');
    case 'UNKNOWN': return l10n.t('Unknown');
  }
}

export function ecsStatusIcon(status: EcsStatus): IconSpec {
  switch (status) {
    case 'RUNNING': return { id: 'vm-running', color: 'testing.iconPassed' };
    case 'STOPPED': return { id: 'vm-outline', color: 'disabledForeground' };
    case 'ERROR': return { id: 'error', color: 'list.errorForeground' };
    case 'UNKNOWN': return { id: 'question' };
    default: return { id: 'loading~spin' };
  }
}

export function stoppedModeLabel(mode: EcsInstance['stoppedMode']): string | undefined {
  switch (mode) {
    case 'KeepCharging': return l10n.t('normal stop, still billed');
    case 'StopCharging': return l10n.t('economical stop');
    case undefined: return undefined;
  }
}

/** Region names as the console shows them; unknown regions show their id. */
export function regionDisplayName(regionId: string): string {
  switch (regionId) {
    case 'cn-beijing': return l10n.t('China North 2 (Beijing)');
    case 'cn-shanghai': return l10n.t('China East 2 (Shanghai)');
    case 'cn-guangzhou': return l10n.t('China South 1 (Guangzhou)');
    case 'cn-hongkong': return l10n.t('Hong Kong (China)');
    case 'ap-southeast-1': return l10n.t('Asia Pacific Southeast (Johor)');
    case 'ap-southeast-3': return l10n.t('Asia Pacific Southeast (Jakarta)');
    case 'cn-beijing2': return l10n.t('China North 3 (Beijing)');
    case 'cn-wulanchabu': return l10n.t('China North (Ulanqab)');
    default: return regionId;
  }
}

/** Shown on a node while an operation on it is in flight. */
export function pendingDescription(kind: OperationKind): string {
  switch (kind) {
    case 'azure.powerOff': return l10n.t('Powering off…');
    case 'azure.deallocate': return l10n.t('Deallocating…');
    case 'azure.performMaintenance': return l10n.t('Maintenance in progress…');
    case 'volcengine.stopInstance': return l10n.t('Stopping…');
  }
}

// ---------------------------------------------------------------- Azure nodes

export function subscriptionPresentation(subscription: AzureSubscription): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const enabled = subscription.state === 'Enabled';
  return {
    label: subscription.displayName,
    description: enabled ? subscription.subscriptionId : l10n.t('{0} · {1}', subscriptionStateLabel(subscription.state), subscription.subscriptionId),
    contextValue: `azureSubscription;state:${subscription.state};${enabled ? 'enabled' : 'notEnabled'}`,
    icon: enabled ? { id: 'azure' } : { id: 'circle-slash', color: 'disabledForeground' },
    tooltip: [
      subscription.displayName,
      l10n.t('Subscription ID: {0}', subscription.subscriptionId),
      l10n.t('State: {0}', subscriptionStateLabel(subscription.state)),
      ...(subscription.tenantId ? [l10n.t('Tenant: {0}', subscription.tenantId)] : []),
      ...(enabled ? [] : [l10n.t('This subscription is not enabled: its resources can be read but operations are refused.')]),
    ].join('\n'),
  };
}

export function subscriptionStateLabel(state: string): string {
  switch (state) {
    case 'Enabled': return l10n.t('Enabled');
    case 'Disabled': return l10n.t('Disabled');
    case 'Warned': return l10n.t('Warned');
    case 'PastDue': return l10n.t('Past due');
    case 'Deleted': return l10n.t('Deleted');
    default: return state;
  }
}

export function runningSummary(instances: readonly ScaleSetInstance[] | undefined): string | undefined {
  if (!instances) return undefined;
  const running = instances.filter((i) => i.powerState === 'running').length;
  return l10n.t('{0}/{1} running', running, instances.length);
}

export function scaleSetPresentation(scaleSet: ScaleSet, instances: readonly ScaleSetInstance[] | undefined): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const summary = runningSummary(instances);
  const parts = [scaleSet.resourceGroup, scaleSet.location, scaleSet.orchestrationMode, ...(summary ? [summary] : [])];
  const hibernation = hibernationBlocker(scaleSet) === undefined;
  return {
    label: scaleSet.name,
    description: parts.join(' · '),
    contextValue: `azureScaleSet;mode:${scaleSet.orchestrationMode};${hibernation ? 'hibernation' : 'noHibernation'};canDeallocate;canMaintain`,
    icon: { id: 'layers' },
    tooltip: [
      scaleSet.name,
      l10n.t('Resource group: {0}', scaleSet.resourceGroup),
      l10n.t('Location: {0}', scaleSet.location),
      l10n.t('Orchestration mode: {0}', scaleSet.orchestrationMode),
      ...(scaleSet.skuName ? [l10n.t('SKU: {0}', scaleSet.skuName)] : []),
      ...(scaleSet.capacity !== undefined ? [l10n.t('Capacity: {0}', scaleSet.capacity)] : []),
      ...(scaleSet.provisioningState ? [l10n.t('Provisioning state: {0}', scaleSet.provisioningState)] : []),
      hibernation ? l10n.t('Hibernation: enabled') : l10n.t('Hibernation: not available'),
      ...(summary ? [summary] : []),
    ].join('\n'),
  };
}

export function instancePresentation(instance: ScaleSetInstance, pending?: OperationKind): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const stateLabel = pending ? pendingDescription(pending) : azurePowerStateLabel(instance.powerState);
  const uniform = instance.scaleSet.orchestrationMode === 'Uniform';
  const capabilities = pending ? [] : [
    ...(azureActionAllowed('powerOff', instance.powerState) ? ['canPowerOff'] : []),
    ...(azureActionAllowed('deallocate', instance.powerState) ? ['canDeallocate'] : []),
    ...(azureActionAllowed('performMaintenance', instance.powerState) ? ['canMaintain'] : []),
  ];
  return {
    label: instance.name,
    description: uniform ? l10n.t('#{0} · {1}', instance.instanceId, stateLabel) : stateLabel,
    contextValue: ['azureInstance', `state:${pending ? 'pending' : instance.powerState}`, `mode:${instance.scaleSet.orchestrationMode}`, ...capabilities].join(';'),
    icon: pending ? { id: 'loading~spin' } : azurePowerStateIcon(instance.powerState),
    tooltip: [
      instance.name,
      l10n.t('Instance ID: {0}', instance.instanceId),
      l10n.t('Power state: {0}', azurePowerStateLabel(instance.powerState)),
      ...(instance.provisioningState ? [l10n.t('Provisioning state: {0}', instance.provisioningState)] : []),
      ...(instance.zone ? [l10n.t('Zone: {0}', instance.zone)] : []),
      ...(instance.vmSize ? [l10n.t('Size: {0}', instance.vmSize)] : []),
      ...(instance.computerName ? [l10n.t('Computer name: {0}', instance.computerName)] : []),
      l10n.t('Scale set: {0}', instance.scaleSet.name),
    ].join('\n'),
  };
}

// ---------------------------------------------------------------- Volcengine nodes

export function regionPresentation(regionId: string, instances: readonly EcsInstance[] | undefined, credentialSource: string | undefined): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const running = instances?.filter((i) => i.status === 'RUNNING').length;
  const name = regionDisplayName(regionId);
  return {
    label: name,
    description: instances ? l10n.t('{0} · {1}/{2} running', regionId, running ?? 0, instances.length) : regionId,
    contextValue: 'volcengineRegion;',
    icon: { id: 'globe' },
    tooltip: [name, l10n.t('Region: {0}', regionId), ...(credentialSource ? [l10n.t('Credentials: {0}', credentialSource)] : [])].join('\n'),
  };
}

export function ecsInstancePresentation(instance: EcsInstance, pending?: OperationKind): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const statusLabel = pending ? pendingDescription(pending) : ecsStatusLabel(instance.status);
  const stopped = instance.status === 'STOPPED' ? stoppedModeLabel(instance.stoppedMode) : undefined;
  const description = [stopped ? l10n.t('{0} ({1})', statusLabel, stopped) : statusLabel, instance.zoneId, instance.instanceTypeId].filter(Boolean).join(' · ');
  return {
    label: instance.name || instance.instanceId,
    description,
    contextValue: ['volcengineInstance', `status:${pending ? 'PENDING' : instance.status}`, ...(!pending && ecsStopAllowed(instance.status) ? ['canStop'] : [])].join(';'),
    icon: pending ? { id: 'loading~spin' } : ecsStatusIcon(instance.status),
    tooltip: [
      instance.name || instance.instanceId,
      l10n.t('Instance ID: {0}', instance.instanceId),
      l10n.t('Status: {0}', ecsStatusLabel(instance.status)),
      ...(stopped ? [l10n.t('Stop mode: {0}', stopped)] : []),
      l10n.t('Zone: {0}', instance.zoneId),
      l10n.t('Instance type: {0}', instance.instanceTypeId),
      l10n.t('Billing: {0}', instance.chargeType),
      ...(instance.cpus !== undefined && instance.memoryMb !== undefined ? [l10n.t('{0} vCPU, {1} GiB memory', instance.cpus, Math.round(instance.memoryMb / 1024))] : []),
      ...(instance.osName ? [l10n.t('OS: {0}', instance.osName)] : []),
      ...(instance.primaryIp ? [l10n.t('Private IP: {0}', instance.primaryIp)] : []),
      ...(instance.createdAt ? [l10n.t('Created: {0}', instance.createdAt)] : []),
    ].join('\n'),
  };
}

// ---------------------------------------------------------------- operations and errors

export function operationKindLabel(kind: OperationKind): string {
  switch (kind) {
    case 'azure.powerOff': return l10n.t('Power off');
    case 'azure.deallocate': return l10n.t('Deallocate');
    case 'azure.performMaintenance': return l10n.t('Perform maintenance');
    case 'volcengine.stopInstance': return l10n.t('Stop');
  }
}

export function operationStatusLabel(status: OperationStatus): string {
  switch (status) {
    case 'running': return l10n.t('in progress');
    case 'succeeded': return l10n.t('succeeded');
    case 'failed': return l10n.t('failed');
    case 'partial': return l10n.t('partly failed');
    case 'canceled': return l10n.t('canceled by the cloud');
    case 'checked': return l10n.t('checks passed, nothing changed');
    case 'unknown': return l10n.t('outcome unknown');
  }
}

export function operationStatusIcon(status: OperationStatus): IconSpec {
  switch (status) {
    case 'running': return { id: 'loading~spin' };
    case 'succeeded': return { id: 'pass', color: 'testing.iconPassed' };
    case 'failed': return { id: 'error', color: 'testing.iconFailed' };
    case 'partial': return { id: 'warning', color: 'list.warningForeground' };
    case 'canceled': return { id: 'circle-slash', color: 'list.warningForeground' };
    case 'checked': return { id: 'check', color: 'testing.iconPassed' };
    case 'unknown': return { id: 'question', color: 'list.warningForeground' };
  }
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return l10n.t('{0}s', seconds);
  const minutes = Math.floor(seconds / 60);
  return l10n.t('{0}m {1}s', minutes, seconds % 60);
}

/** The ClientToken is logged in the output but kept out of the tree (it is long and not useful there). */
export function formatOptions(options: Record<string, string | boolean>, includeClientToken = false): string {
  return Object.entries(options)
    .filter(([key]) => includeClientToken || key !== 'clientToken')
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(', ');
}

export function operationTargetsLabel(record: Pick<OperationRecord, 'targets'>): string {
  const first = record.targets[0];
  if (!first) return l10n.t('no targets');
  return record.targets.length === 1 ? first.label : l10n.t('{0} and {1} more', first.label, record.targets.length - 1);
}

export function operationPresentation(record: OperationRecord, now: number): { label: string; description: string; contextValue: string; icon: IconSpec; tooltip: string } {
  const duration = formatDuration((record.endedAt ?? now) - record.startedAt);
  const options = formatOptions(record.options);
  return {
    label: l10n.t('{0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)),
    description: [operationStatusLabel(record.status), duration, ...(options ? [options] : [])].join(' · '),
    contextValue: `fleetPowerOperation;status:${record.status}`,
    icon: operationStatusIcon(record.status),
    tooltip: [
      l10n.t('{0} {1}', operationKindLabel(record.kind), operationTargetsLabel(record)),
      l10n.t('Status: {0}', operationStatusLabel(record.status)),
      l10n.t('Started: {0}', new Date(record.startedAt).toISOString()),
      l10n.t('Duration: {0}', duration),
      ...(options ? [l10n.t('Options: {0}', options)] : []),
      ...(record.error ? [l10n.t('Error: {0} — {1}', record.error.code, record.error.message)] : []),
      l10n.t('Targets: {0}', record.targets.map((t) => t.label).join(', ')),
    ].join('\n'),
  };
}

/** Error nodes carry what to retry in their contextValue-independent id; the value gates the Retry button. */
export const ERROR_CONTEXT_VALUE = 'fleetPowerError;retry';
