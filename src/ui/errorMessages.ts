/**
 * Turns a CloudErrorInfo into the short message the user sees and the guidance that goes
 * with it (sign in, permissions, set keys). The full detail goes to the output channel.
 * No 'vscode' import: tested in plain Node.
 */
import type { CloudErrorInfo, CloudId, OperationKind } from '../fleet/model';
import { failureAdvice, failureReason, type FailurePhase, phaseHead } from './failureWording';
import { connectionAdvice } from './connectionWording';
import { l10n } from './l10n';

export type Guidance = 'signIn' | 'permissions' | 'setCredentials' | 'checkSettings' | 'none';

export interface ErrorDescription {
  message: string;
  guidance: Guidance;
}

const MAX_SERVER_MESSAGE = 300;

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_SERVER_MESSAGE ? `${oneLine.slice(0, MAX_SERVER_MESSAGE)}…` : oneLine;
}

/** What the action was, for "Azure refused to {verb} {target}". */
export type ErrorAction = OperationKind | 'list';

/** Every Volcengine code we explain: what happened and what to do. Unknown codes show the server's message. */
export function volcengineExplanation(code: string, serverMessage: string): string | undefined {
  switch (code) {
    case 'InvalidStoppedMode.Malformed': return l10n.t('The stop mode is not valid. Choose normal stop or economical stop and try again.');
    case 'InvalidStoppedModeForScheduledInstance.Unsupported': return l10n.t('Scheduled (elastic reservation) instances do not support economical stop. Use normal stop (KeepCharging).');
    case 'InvalidDedicatedHostStatus.Unsupported': return l10n.t('The dedicated host this instance runs on is in a state that does not allow the stop. Check the host in the console and try again later.');
    case 'InvalidClientToken.Malformed': return l10n.t('The idempotency token (ClientToken) was rejected as malformed. Start the action again; it gets a new token.');
    case 'InvalidArgument': return l10n.t('A parameter of the request is not valid. Check the instance and the options. The server said: {0}', shorten(serverMessage));
    case 'IdempotentParameterMismatch': return l10n.t('The same ClientToken was used earlier for a different request. Start the action again as a new action.');
    case 'MissingParameter.InstanceId': return l10n.t('No instance ID was sent. Select the instances again and retry.');
    case 'InvalidInstanceStatus': return l10n.t('The instance\'s current status does not allow this (it may already be in that state, or changing). The view has been refreshed; try again once it shows a status the action allows.');
    case 'InvalidInstance.NotFound': return l10n.t('The instance does not exist (it may have been released). The view has been refreshed.');
    case 'InvalidStoppedMode.Conflict': return l10n.t('The stop mode conflicts with the instance\'s status. Refresh and check the instance before trying again.');
    case 'OperationDenied.ResourceLocked': return l10n.t('The instance is locked by another operation in progress. Wait for it to finish, then try again.');
    case 'OperationDenied.ResourceCreatedByOtherService': return l10n.t('The instance was created by another Volcengine service and must be managed there; its system tags name the service.');
    case 'OperationDenied.InstanceIsCreatingImage': return l10n.t('The instance is creating a custom image. Wait until the image is ready, then stop it.');
    case 'InvalidStoppedMode.InstanceTypeMismatch': return l10n.t('This instance type does not support economical stop (StopCharging). Use normal stop (KeepCharging).');
    case 'InvalidStoppedMode.ChargeTypeMismatch': return l10n.t('This instance\'s billing method does not support economical stop (StopCharging). Use normal stop (KeepCharging).');
    case 'DryRunOperation': return l10n.t('Checks passed — nothing was changed.');
    case 'IdempotentProcessing': return l10n.t('An identical request is still being processed. Wait a moment; the operation is still tracked in Recent Operations.');
    case 'Insufficient.InstanceCapacity': return l10n.t('Volcengine does not have enough capacity for this request right now (after an economical stop, the region may be out of stock for the instance\'s vCPU and memory). Try again later or choose another instance type.');
    case 'InternalError': return l10n.t('Volcengine had an internal error. Try again; if it keeps failing, open a support ticket quoting the RequestId.');
    case 'LimitExceeded.MaximumRegionIds': return l10n.t('Too many regions were requested at once. Show fewer regions (setting fleetPower.volcengine.regions).');
    case 'FlowLimitExceeded': return l10n.t('Volcengine is limiting the request rate. Wait a moment and try again.');
    case 'MissingParameter': return l10n.t('The request lacks a required parameter. The server said: {0}', shorten(serverMessage));
    case 'MissingRequestInfo': return l10n.t('The request lacks required information. The server said: {0}', shorten(serverMessage));
    case 'MissingAuthenticationToken':
    case 'MissingSignature': return l10n.t('The request was not signed with a usable access key. Set the access keys again.');
    case 'InvalidTimestamp': return l10n.t('The request\'s signature had expired when it arrived. Check that this computer\'s clock is correct.');
    case 'ServiceNotFound': return l10n.t('The ECS service was not found at the configured endpoint. Check the setting fleetPower.volcengine.endpoint.');
    case 'InvalidActionOrVersion': return l10n.t('The endpoint does not know this API action or version. Check the setting fleetPower.volcengine.endpoint.');
    case 'InvalidAccessKey': return l10n.t('The Access Key ID is not valid (deleted, disabled or mistyped). Set the access keys again.');
    case 'SignatureDoesNotMatch': return l10n.t('The signature did not match: the Secret Access Key is probably wrong. Set the access keys again.');
    case 'LackPolicy': return l10n.t('No policy allows this for your account. Ask an administrator to grant ECS permissions.');
    case 'AccessDenied': return l10n.t('Your account is not authorized for this action on this resource. Ask an administrator to grant the permission.');
    case 'NetworkError': return l10n.t('The request did not reach Volcengine or the answer was lost. Check the network; the instance is re-read to show its real state.');
    case 'Timeout': return l10n.t('Volcengine did not answer in time. The instance is re-read to show its real state.');
    case 'MalformedResponse': return l10n.t('The server\'s answer was not a Volcengine API response. Check the setting fleetPower.volcengine.endpoint.');
    case 'CredentialsMissing': return l10n.t('No Volcengine access key is configured. Set the access keys, or set VOLCENGINE_ACCESS_KEY and VOLCENGINE_SECRET_KEY.');
    case 'CredentialsInvalid': return l10n.t('The configured Volcengine access key cannot be used (empty, incomplete or with stray characters). Set the access keys again.');
    case 'InvalidSetting': return l10n.t('A Volcengine setting is not valid. Check fleetPower.volcengine.endpoint and fleetPower.volcengine.regions.');
    case 'InvalidClientToken': return l10n.t('The ClientToken must be 1 to 64 printable ASCII characters. Start the action again; it gets a new token.');
    case 'InvalidOption': return l10n.t('An option of the action is not valid. Start the action again and choose the options from the list.');
    case 'NoTargets': return l10n.t('Nothing to act on: the selection is empty. Nothing was sent.');
    case 'OutcomeUnknown': return l10n.t('The request got no answer and the instance shows no sign of it, so it may not have been sent. Check the instance before trying again.');
    case 'InstanceError': return l10n.t('The instance went into the ERROR state during the operation. Check it in the Volcengine console.');
    case 'WaitTimeout': return l10n.t('The instance did not reach the expected status in time; the operation may still complete. Refresh the view later.');
    case 'ResumeStateMissing': return l10n.t('This operation could not be followed after the window reload. Check the instances\' state in the view.');
    case 'InvalidRegion': return l10n.t('The region is not a valid Volcengine region id. Check fleetPower.volcengine.regions.');
    case 'InvalidInstanceId': return l10n.t('The instance id is not a valid Volcengine instance id.');
    case 'UnexpectedError': return l10n.t('An unexpected error occurred. The details are in the output.');
    default: return undefined;
  }
}

function volcengineGuidance(error: CloudErrorInfo): Guidance {
  switch (error.code) {
    case 'InvalidAccessKey':
    case 'SignatureDoesNotMatch':
    case 'MissingAuthenticationToken':
    case 'MissingSignature':
    case 'CredentialsMissing':
    case 'CredentialsInvalid':
      return 'setCredentials';
    case 'InvalidSetting':
    case 'InvalidRegion':
    case 'ServiceNotFound':
    case 'InvalidActionOrVersion':
    case 'MalformedResponse':
    case 'LimitExceeded.MaximumRegionIds':
      return 'checkSettings';
    default:
      return error.category === 'authentication' ? 'setCredentials' : error.category === 'permission' ? 'permissions' : 'none';
  }
}

function azureVerb(action: ErrorAction): string {
  switch (action) {
    case 'azure.powerOff': return l10n.t('power off');
    case 'azure.deallocate': return l10n.t('deallocate');
    case 'azure.performMaintenance': return l10n.t('perform maintenance on');
    case 'azure.start':
    case 'volcengine.startInstance': return l10n.t('start');
    case 'azure.restart': return l10n.t('restart');
    case 'volcengine.stopInstance': return l10n.t('stop');
    case 'volcengine.rebootInstance': return l10n.t('reboot');
    case 'list': return l10n.t('list');
  }
}

/** Codes Azure answers when it finds no hardware for a VM (reference: azure-start-restart-maintenance.md §4). */
const ALLOCATION_FAILURES: ReadonlySet<string> = new Set(['AllocationFailed', 'ZonalAllocationFailed']);

function azureAdvice(error: CloudErrorInfo, phase: FailurePhase): string | undefined {
  const connection = connectionAdvice(error);
  if (connection) return connection;
  if (ALLOCATION_FAILURES.has(error.code)) {
    return l10n.t('Azure has no capacity for this VM size there right now (it does not guarantee capacity for deallocated or hibernated VMs). Try again later, or change the VM size.');
  }
  if (error.category === 'malformedResponse') return l10n.t('The server\'s answer was not understood. Check the Azure endpoint setting.');
  // By phase and by what the code means (failureWording.ts): an accepted operation that failed is not a state conflict.
  return failureAdvice(phase, failureReason(error), 'azure');
}

/**
 * Azure refuses Perform Maintenance on a VM whose maintenance status no longer allows it with
 * OperationNotAllowed "… since the Subscription of this VM is not eligible." (azure-cli PR #6060);
 * the same code also means "another operation is in progress", so the message decides.
 */
function notEligibleForMaintenance(action: ErrorAction, error: CloudErrorInfo): boolean {
  return action === 'azure.performMaintenance' && error.code === 'OperationNotAllowed' && /\bnot eligible\b/i.test(error.message);
}

function describeAzureError(action: ErrorAction, error: CloudErrorInfo, target: string, phase: FailurePhase): ErrorDescription {
  const head = action === 'list'
    ? l10n.t('Azure could not list {0}: {1} — {2}', target, error.code, shorten(error.message))
    : phaseHead('azure', phase, azureVerb(action), target, l10n.t('{0} — {1}', error.code, shorten(error.message)));
  const advice = notEligibleForMaintenance(action, error)
    ? l10n.t('The instance is not eligible for self-service maintenance now (its maintenance status changed since it was last read); the view has been refreshed.')
    : azureAdvice(error, phase);
  const guidance: Guidance = error.category === 'authentication' ? 'signIn' : error.category === 'permission' ? 'permissions' : 'none';
  return { message: advice ? `${head} ${advice}` : head, guidance };
}

function volcengineRefusal(action: ErrorAction, target: string): string {
  switch (action) {
    case 'volcengine.startInstance': return l10n.t('Volcengine refused to start {0}', target);
    case 'volcengine.rebootInstance': return l10n.t('Volcengine refused to reboot {0}', target);
    default: return l10n.t('Volcengine refused to stop {0}', target);
  }
}

function describeVolcengineError(action: ErrorAction, error: CloudErrorInfo, target: string, phase: FailurePhase): ErrorDescription {
  const explanation = connectionAdvice(error) ?? volcengineExplanation(error.code, error.message) ?? shorten(error.message);
  if (action !== 'list' && phase !== 'refused') {
    // Accepted first: the head says so; canceled and unknown outcomes also say what to check.
    const head = phaseHead('volcengine', phase, azureVerb(action), target, explanation);
    const ids = error.requestId ? l10n.t('{0}, RequestId: {1}', error.code, error.requestId) : error.code;
    const advice = phase === 'failedAfterAccepted' ? undefined : failureAdvice(phase, failureReason(error), 'volcengine');
    return { message: advice ? l10n.t('{0} ({1}) {2}', head, ids, advice) : l10n.t('{0} ({1})', head, ids), guidance: volcengineGuidance(error) };
  }
  const what = action === 'list' ? l10n.t('Volcengine could not list {0}', target) : volcengineRefusal(action, target);
  const message = error.requestId
    ? l10n.t('{0}: {1} ({2}, RequestId: {3})', what, explanation, error.code, error.requestId)
    : l10n.t('{0}: {1} ({2})', what, explanation, error.code);
  return { message, guidance: volcengineGuidance(error) };
}

/** Each cloud words its errors its own way: Azure's messages are sentences, Volcengine's codes are explained here. */
const DESCRIBERS: { readonly [C in CloudId]: (action: ErrorAction, error: CloudErrorInfo, target: string, phase: FailurePhase) => ErrorDescription } = {
  azure: describeAzureError,
  volcengine: describeVolcengineError,
};

/** `phase`: when the failure happened (failureWording.ts); a listing, and by default an operation, was refused. */
export function describeCloudError(action: ErrorAction, error: CloudErrorInfo, targetLabel?: string, phase: FailurePhase = 'refused'): ErrorDescription {
  return DESCRIBERS[error.cloud](action, error, targetLabel ?? error.target ?? '', phase);
}
