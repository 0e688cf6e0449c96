/**
 * Failures worded by when they happened and what they mean. The phase says which way the
 * sentence points: refused before anything started (nothing changed), accepted and then failed
 * inside the cloud (something may have started), canceled by the cloud, or outcome unknown
 * (the answer was lost). The reason, read from the code (not only its HTTP-derived category:
 * an Azure status body that ends Failed carries no status of its own), picks the advice. The
 * table of sentences is tested whole (test/unit/ui-failure-wording.test.ts). No 'vscode' import.
 */
import type { CloudErrorInfo, CloudId, TargetResult } from '../fleet/model';
import { l10n } from './l10n';

export type FailurePhase = 'refused' | 'failedAfterAccepted' | 'canceled' | 'outcomeUnknown';

export type FailureReason =
  | 'eligibility' | 'stateConflict' | 'transient' | 'authentication' | 'permission' | 'quota'
  | 'throttled' | 'notFound' | 'subscriptionDisabled' | 'invalidInput' | 'network' | 'unknown';

export const FAILURE_PHASES: readonly FailurePhase[] = ['refused', 'failedAfterAccepted', 'canceled', 'outcomeUnknown'];
export const FAILURE_REASONS: readonly FailureReason[] = [
  'eligibility', 'stateConflict', 'transient', 'authentication', 'permission', 'quota',
  'throttled', 'notFound', 'subscriptionDisabled', 'invalidInput', 'network', 'unknown',
];

/** Where a failed target's failure happened; undefined for a target that did not fail. */
export function phaseOfResult(result: Pick<TargetResult, 'status' | 'accepted'>): FailurePhase | undefined {
  switch (result.status) {
    case 'notSent': return 'refused';
    case 'failed': return result.accepted ? 'failedAfterAccepted' : 'refused';
    case 'canceled': return 'canceled';
    case 'unknown': return 'outcomeUnknown';
    default: return undefined;
  }
}

// Azure: CRP's own failures inside an accepted operation (azure-arm.md "CRP error format & common
// codes"); Volcengine: InternalError and the gateway's 503. All say "try again later".
const TRANSIENT_CODES = new Set([
  'InternalExecutionError', 'InternalOperationError', 'InternalServerError', 'InternalError', 'ServiceUnavailable',
  'GatewayTimeout', 'RetryableError', 'OperationPreempted', 'IdempotentProcessing', 'InstanceError',
]);
// Capacity and quota: AllocationFailed / ZonalAllocationFailed (azure-start-restart-maintenance.md §4),
// QuotaExceeded / SkuNotAvailable (ARM), Insufficient.InstanceCapacity (seed 003).
const QUOTA_CODES = new Set([
  'AllocationFailed', 'ZonalAllocationFailed', 'OverconstrainedAllocationRequest', 'OverconstrainedZonalAllocationRequest',
  'QuotaExceeded', 'OperationNotAllowedQuota', 'SkuNotAvailable', 'Insufficient.InstanceCapacity',
]);
const DISABLED_SUBSCRIPTION_CODES = new Set(['ReadOnlyDisabledSubscription', 'SubscriptionNotEnabled', 'DisabledSubscription']);

export function failureReason(error: Pick<CloudErrorInfo, 'code' | 'message' | 'category'>): FailureReason {
  if (DISABLED_SUBSCRIPTION_CODES.has(error.code)) return 'subscriptionDisabled';
  if (QUOTA_CODES.has(error.code) || (error.code === 'OperationNotAllowed' && /\bquota\b/i.test(error.message))) return 'quota';
  // "… since the Subscription of this VM is not eligible." (azure-cli PR #6060): the same code as a state conflict.
  if (/\bnot eligible\b/i.test(error.message)) return 'eligibility';
  if (TRANSIENT_CODES.has(error.code)) return 'transient';
  switch (error.category) {
    case 'authentication': return 'authentication';
    case 'permission': return 'permission';
    case 'throttled': return 'throttled';
    case 'notFound': return 'notFound';
    case 'conflict': return 'stateConflict';
    case 'server': return 'transient';
    case 'network': return 'network';
    case 'invalidInput': return 'invalidInput';
    default: return 'unknown';
  }
}

/** The first half of the message: what happened, pointing the right way. `verb` as in "to deallocate". */
export function phaseHead(cloud: CloudId, phase: FailurePhase, verb: string, target: string, reason: string): string {
  const name = cloud === 'azure' ? l10n.t('Azure') : l10n.t('Volcengine');
  switch (phase) {
    case 'refused': return l10n.t('{0} refused to {1} {2}: {3}', name, verb, target, reason);
    case 'failedAfterAccepted': return l10n.t('{0} accepted the request to {1} {2}, but it then failed: {3}', name, verb, target, reason);
    case 'canceled': return l10n.t('{0} accepted the request to {1} {2}, then canceled it: {3}', name, verb, target, reason);
    case 'outcomeUnknown': return l10n.t('It is not known whether {0} carried out the request to {1} {2}: {3}', name, verb, target, reason);
  }
}

/** What to do, by phase and reason. Undefined where the cloud's own words are all there is to say. */
export function failureAdvice(phase: FailurePhase, reason: FailureReason, cloud: CloudId): string | undefined {
  if (phase === 'canceled') return l10n.t('Nothing more will happen to it: the instances keep the state now shown. Retry if it still needs doing.');
  if (phase === 'outcomeUnknown') return l10n.t('The instances have been re-read: check their state in the view before trying again.');
  const accepted = phase === 'failedAfterAccepted';
  switch (reason) {
    case 'eligibility': return l10n.t('It is not eligible for this now, so nothing was changed.');
    case 'stateConflict': return accepted
      ? l10n.t('The resource changed while the operation ran; check its state in the view, then retry.')
      : l10n.t('The resource\'s state does not allow this now; the view has been refreshed.');
    case 'transient': return accepted
      ? l10n.t('The failure happened inside the cloud and is usually temporary: retry later.')
      : l10n.t('This is usually temporary and nothing was changed: retry later.');
    case 'authentication': return cloud === 'azure' ? l10n.t('Sign in again to Azure.') : l10n.t('Set the access keys again.');
    case 'permission': return cloud === 'azure'
      ? l10n.t('Your account lacks permission for this (for example the Virtual Machine Contributor role on the scale set).')
      : l10n.t('Your account lacks permission for this; ask an administrator to grant the ECS permission.');
    case 'quota': return l10n.t('A quota or capacity limit stopped it: retry later, raise the quota, or choose another size or region.');
    case 'throttled': return l10n.t('The cloud is limiting the request rate: retry in a moment.');
    case 'notFound': return l10n.t('The resource no longer exists; the view has been refreshed.');
    case 'subscriptionDisabled': return l10n.t('The subscription is disabled: nothing in it can be changed until it is enabled again.');
    case 'invalidInput': return l10n.t('Check the selection and the options, then try again.');
    case 'network': return l10n.t('The network failed; the outcome is checked by re-reading the instances.');
    case 'unknown': return undefined;
  }
}
