/** CloudError bodies (compute common-types ApiError) with the messages Azure is recorded to send. */
import type { EmuResponse } from '../core/types';

export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toResponse(operation?: string): EmuResponse {
    return {
      status: this.status,
      headers: this.headers,
      json: { error: { code: this.code, message: this.message, ...(this.target !== undefined ? { target: this.target } : {}) } },
      ...(operation !== undefined ? { operation } : {}),
    };
  }
}

export const armErrors = {
  missingApiVersion: () => new ArmError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.'),
  subscriptionNotFound: (sub: string) => new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`),
  readOnlyDisabled: (sub: string) => new ArmError(409, 'ReadOnlyDisabledSubscription', `The subscription '${sub}' is disabled and therefore marked as read only. You cannot perform any write actions on this subscription until it is re-enabled.`),
  resourceGroupNotFound: (rg: string) => new ArmError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`),
  resourceNotFound: (type: string, name: string, rg: string) =>
    new ArmError(404, 'ResourceNotFound', `The Resource '${type}/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`),
  noRoute: (method: string, path: string) =>
    new ArmError(404, 'NotFound', `No HTTP resource was found that matches the request URI '${path}' for method '${method}'.`),
  deallocatedPowerOff: (op: string, vm: string) =>
    new ArmError(409, 'OperationNotAllowed', `Operation '${op}' is not allowed on VM '${vm}' since the VM is either deallocated or marked to be deallocated. Please refer to https://aka.ms/vmpowerstates  to learn about different VM power states.`),
  inProgress: (op: string, vm: string) =>
    new ArmError(409, 'OperationNotAllowed', `Operation '${op}' is not allowed on VM '${vm}' since another operation is in progress.`),
  maintenanceNotEligible: (vm: string) =>
    new ArmError(409, 'OperationNotAllowed', `Operation 'performMaintenance' is not allowed on VM '${vm}' since the Subscription of this VM is not eligible.`),
  hibernateUniform: (ss: string) =>
    new ArmError(400, 'BadRequest', `Hibernation is only supported for Virtual Machine Scale Sets with Flexible orchestration mode. Virtual Machine Scale Set '${ss}' uses Uniform orchestration mode.`, 'hibernate'),
  hibernateNotEnabled: (kind: 'Virtual Machine Scale Set' | 'VM', name: string) =>
    new ArmError(400, 'OperationNotAllowed', `Hibernation cannot be performed on ${kind} '${name}' since hibernation is not enabled. Enable it with 'additionalCapabilities.hibernationEnabled'.`, 'hibernate'),
  instanceIdNotNumber: () => new ArmError(400, 'InvalidParameter', 'Virtual Machine Scale Set VM instanceId must be a number.', 'instanceId'),
  notActiveInstance: (id: string) =>
    new ArmError(400, 'InvalidParameter', `The provided instanceId ${id} is not an active Virtual Machine Scale Set VM instanceId.`, 'instanceIds'),
  invalidInstanceIds: (detail: string) =>
    new ArmError(400, 'InvalidRequestContent', `The request content was invalid and could not be deserialized: '${detail}'.`),
  flexibleNotAllowed: (operation: string, ss: string) =>
    new ArmError(400, 'BadRequest', `Operation '${operation}' is not allowed on Virtual Machine Scale Set '${ss}'.`),
  invalidQuery: (name: string, value: string) =>
    new ArmError(400, 'InvalidParameter', `The value '${value}' of parameter '${name}' is not valid.`, name),
  expandNeedsFilter: () =>
    new ArmError(400, 'InvalidParameter', "The $expand=instanceView option can only be specified if a valid $filter option is specified.", '$expand'),
  operationNotFound: (id: string) => new ArmError(404, 'NotFound', `The operation '${id}' could not be found.`),
  // Our choice: no recorded answer for a restart of a VM that is not running (the message follows the powerOff one).
  restartNotRunning: (vm: string, state: string) =>
    new ArmError(409, 'OperationNotAllowed', `Operation 'restart' is not allowed on VM '${vm}' since the VM is ${state}. Please refer to https://aka.ms/vmpowerstates  to learn about different VM power states.`),
  // The create-path allocation failure (reference §4); that Start answers with exactly this code is not verified.
  allocationFailed: () =>
    new ArmError(409, 'AllocationFailed', 'Allocation failed. We do not have sufficient capacity for the requested VM size in this region. Read more about improving likelihood of allocation success at http://aka.ms/allocation-guidance'),
};
