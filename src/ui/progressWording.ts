/**
 * What an operation's progress notification says, in the user's words ("still stopping,
 * checked 2 times", "web-01 is now Stopped"); the cloud's own status words ("InProgress",
 * "STOPPING:1") go to the output only. No 'vscode' import.
 */
import type { AzurePowerState, CloudId, EcsStatus, OperationEvent, OperationKind, OperationRecord } from '../fleet/model';
import { l10n } from './l10n';
import { targetLabelFor, targetStatusLabel } from './operationLabels';
import { AZURE_POWER_STATES, azurePowerStateLabel } from './tree/azurePresentation';
import { ECS_STATUSES, ecsStatusLabel } from './tree/volcenginePresentation';
import { formatSeconds } from './waitWording';

function stillWorking(kind: OperationKind): string {
  switch (kind) {
    case 'azure.powerOff': return l10n.t('still powering off');
    case 'azure.deallocate': return l10n.t('still deallocating');
    case 'azure.performMaintenance': return l10n.t('maintenance still in progress');
    case 'azure.start': return l10n.t('still starting');
    case 'azure.restart': return l10n.t('still restarting');
    case 'volcengine.stopInstance': return l10n.t('still stopping');
    case 'volcengine.startInstance': return l10n.t('still starting');
    case 'volcengine.rebootInstance': return l10n.t('still rebooting');
  }
}

/** A power state or ECS status as the trees show it; anything else as the cloud wrote it. */
export function stateLabel(cloud: CloudId, state: string): string {
  if (cloud === 'azure') return (AZURE_POWER_STATES as readonly string[]).includes(state) ? azurePowerStateLabel(state as AzurePowerState) : state;
  return (ECS_STATUSES as readonly string[]).includes(state) ? ecsStatusLabel(state as EcsStatus) : state;
}

/** The notification's line for an event, if it has one; `checks`: status checks seen so far, this one included. */
export function progressMessage(record: Pick<OperationRecord, 'kind' | 'cloud' | 'targets'>, event: OperationEvent, checks: number): string | undefined {
  const target = (id: string): string => targetLabelFor(record, id);
  switch (event.type) {
    case 'accepted': return l10n.t('accepted by the cloud; waiting for it to finish');
    case 'progress': return checks === 1
      ? l10n.t('{0}, checked once', stillWorking(record.kind))
      : l10n.t('{0}, checked {1} times', stillWorking(record.kind), checks);
    case 'waiting': return event.askedByCloud
      ? l10n.t('throttled: waiting {0} s, as the cloud asked', formatSeconds(event.waitSeconds))
      : l10n.t('throttled: waiting {0} s (our back-off)', formatSeconds(event.waitSeconds));
    case 'retrying': return l10n.t('sending again (attempt {0})', event.attempt);
    case 'stateRead': return l10n.t('{0} is now {1}', target(event.target), stateLabel(record.cloud, event.state));
    case 'targetResult': return l10n.t('{0}: {1}', target(event.target), targetStatusLabel(event.result.status));
    default: return undefined;
  }
}
