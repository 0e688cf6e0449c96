/** How Volcengine regions and ECS instances look in the tree. No 'vscode' import. */
import type { EcsInstance, EcsStatus, OperationKind } from '../../fleet/model';
import { regionName } from '../../fleet/regions';
import { l10n } from '../l10n';
import { pendingDescription } from '../operationLabels';
import { ecsActionAllowed } from '../targets';
import type { IconSpec, Presented } from './presentation';

export const ECS_STATUSES: readonly EcsStatus[] = ['CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING', 'REBUILDING', 'RESIZING', 'ERROR', 'DELETING', 'UNKNOWN'];

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

function stoppedModeLabel(mode: EcsInstance['stoppedMode']): string | undefined {
  switch (mode) {
    case 'KeepCharging': return l10n.t('normal stop, still billed');
    case 'StopCharging': return l10n.t('economical stop');
    case undefined: return undefined;
  }
}

/** The region's name in the display language (the one region table, src/fleet/regions.ts); unknown regions show their id. */
export function regionDisplayName(regionId: string): string {
  return regionName(regionId, l10n.locale());
}

export function regionPresentation(regionId: string, instances: readonly EcsInstance[] | undefined, credentialSource: string | undefined): Presented {
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

/** What the context menu offers on an instance (package.json gates each command on one of these). */
function ecsCapabilities(status: EcsStatus): string[] {
  return [
    ...(ecsActionAllowed('stop', status) ? ['canStop'] : []),
    ...(ecsActionAllowed('start', status) ? ['canStart'] : []),
    ...(ecsActionAllowed('reboot', status) ? ['canReboot'] : []),
  ];
}

export function ecsInstancePresentation(instance: EcsInstance, pending?: OperationKind): Presented {
  const statusLabel = pending ? pendingDescription(pending) : ecsStatusLabel(instance.status);
  const stopped = instance.status === 'STOPPED' ? stoppedModeLabel(instance.stoppedMode) : undefined;
  const description = [stopped ? l10n.t('{0} ({1})', statusLabel, stopped) : statusLabel, instance.zoneId, instance.instanceTypeId].filter(Boolean).join(' · ');
  return {
    label: instance.name || instance.instanceId,
    description,
    contextValue: ['volcengineInstance', `status:${pending ? 'PENDING' : instance.status}`, ...(pending ? [] : ecsCapabilities(instance.status))].join(';'),
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
