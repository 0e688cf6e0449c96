/** How Azure subscriptions, scale sets and instances look in the tree. No 'vscode' import. */
import type { AzurePowerState, AzureSubscription, OperationKind, ScaleSet, ScaleSetInstance } from '../../fleet/model';
import { hibernationBlocker } from '../../fleet/rules';
import { l10n } from '../l10n';
import { pendingDescription } from '../operationLabels';
import { azureActionAllowed, azureInstanceAllowed } from '../targets';
import { type MaintenanceClock, maintenanceMarker, maintenanceSummary, maintenanceTooltip } from './maintenance';
import type { IconSpec, Presented } from './presentation';

export const AZURE_POWER_STATES: readonly AzurePowerState[] = ['running', 'stopped', 'deallocated', 'hibernated', 'starting', 'stopping', 'deallocating', 'unknown'];

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

/** The home tenant by name (Tenants - List), and the managing tenant of a Lighthouse delegation. */
function tenantLines(subscription: AzureSubscription): string[] {
  if (!subscription.tenantId) return [];
  const home = subscription.tenantName
    ? l10n.t('Tenant: {0} ({1})', subscription.tenantName, subscription.tenantId)
    : l10n.t('Tenant: {0}', subscription.tenantId);
  const access = subscription.accessTenantId;
  const delegated = access !== undefined && access.toLowerCase() !== subscription.tenantId.toLowerCase();
  return delegated ? [home, l10n.t('Managed through your tenant {0} (Azure Lighthouse)', access)] : [home];
}

export function subscriptionPresentation(subscription: AzureSubscription): Presented {
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
      ...tenantLines(subscription),
      ...(enabled ? [] : [l10n.t('This subscription is not enabled: its resources can be read but operations are refused.')]),
    ].join('\n'),
  };
}

function runningSummary(instances: readonly ScaleSetInstance[] | undefined): string | undefined {
  if (!instances) return undefined;
  const running = instances.filter((i) => i.powerState === 'running').length;
  return l10n.t('{0}/{1} running', running, instances.length);
}

export function scaleSetPresentation(scaleSet: ScaleSet, instances: readonly ScaleSetInstance[] | undefined, clock: MaintenanceClock = { now: Date.now() }): Presented {
  const summary = runningSummary(instances);
  // Beside "n/m running", like the portal's "Self-service maintenance" column; only once listed.
  const needMaintenance = maintenanceSummary(instances, clock.now);
  const parts = [scaleSet.resourceGroup, scaleSet.location, scaleSet.orchestrationMode, ...(summary ? [summary] : []), ...(needMaintenance ? [needMaintenance] : [])];
  const hibernation = hibernationBlocker(scaleSet) === undefined;
  return {
    label: scaleSet.name,
    description: parts.join(' · '),
    contextValue: `azureScaleSet;mode:${scaleSet.orchestrationMode};${hibernation ? 'hibernation' : 'noHibernation'};canDeallocate;canStart;canRestart${needMaintenance ? ';canMaintain' : ''}`,
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
      ...(needMaintenance ? [needMaintenance] : []),
    ].join('\n'),
  };
}

export function instancePresentation(instance: ScaleSetInstance, pending?: OperationKind, clock: MaintenanceClock = { now: Date.now() }): Presented {
  const stateLabel = pending ? pendingDescription(pending) : azurePowerStateLabel(instance.powerState);
  const uniform = instance.scaleSet.orchestrationMode === 'Uniform';
  const capabilities = pending ? [] : [
    ...(azureActionAllowed('powerOff', instance.powerState) ? ['canPowerOff'] : []),
    ...(azureActionAllowed('deallocate', instance.powerState) ? ['canDeallocate'] : []),
    ...(azureActionAllowed('start', instance.powerState) ? ['canStart'] : []),
    ...(azureActionAllowed('restart', instance.powerState) ? ['canRestart'] : []),
    ...(azureInstanceAllowed('performMaintenance', instance, clock.now) ? ['canMaintain'] : []),
  ];
  const marker = pending ? undefined : maintenanceMarker(instance.maintenance, clock);
  const stateAndMarker = marker ? l10n.t('{0} · {1}', stateLabel, marker) : stateLabel;
  return {
    label: instance.name,
    description: uniform ? l10n.t('#{0} · {1}', instance.instanceId, stateAndMarker) : stateAndMarker,
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
      ...maintenanceTooltip(instance.maintenance, clock),
      l10n.t('Scale set: {0}', instance.scaleSet.name),
    ].join('\n'),
  };
}
