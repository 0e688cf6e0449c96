/**
 * Strict parsing of the ARM resource ids this extension acts on. Anything that does not
 * look exactly like a subscription, resource group, scale set, scale-set VM or VM id is
 * rejected with a clear message, so a crafted name can never redirect a request.
 */

type ParsedArmId =
  | { kind: 'subscription'; subscriptionId: string }
  | { kind: 'resourceGroup'; subscriptionId: string; resourceGroup: string }
  | { kind: 'scaleSet'; subscriptionId: string; resourceGroup: string; scaleSetName: string }
  | { kind: 'scaleSetVm'; subscriptionId: string; resourceGroup: string; scaleSetName: string; instanceId: string }
  | { kind: 'virtualMachine'; subscriptionId: string; resourceGroup: string; vmName: string };

export class InvalidResourceIdError extends Error {
  readonly code = 'InvalidResourceId';
  constructor(readonly resourceId: string, reason: string) {
    super(`Not a valid Azure resource id (${reason}): ${printable(resourceId)}`);
    this.name = 'InvalidResourceIdError';
  }
}

const SUBSCRIPTION_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
// Resource groups allow Unicode letters and digits, '_', '(', ')', '-', '.'; not ending in '.'.
const RESOURCE_GROUP = /^[\p{L}\p{N}_().-]{1,90}$/u;
// Scale sets and VMs: ASCII letters, digits, '_', '.', '-'; start with a letter or digit.
const COMPUTE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
const UNIFORM_INSTANCE_ID = /^\d{1,10}$/;

export function parseArmId(id: string): ParsedArmId {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidResourceIdError(String(id), 'empty');
  if (id.length > 1024) throw new InvalidResourceIdError(id, 'too long');
  if (!id.startsWith('/')) throw new InvalidResourceIdError(id, 'must start with "/"');
  // Percent-escapes, query, fragment, backslashes, whitespace and control/format characters never belong in an id.
  if (/[%?#\\\s]/u.test(id) || /[\p{Cc}\p{Cf}]/u.test(id)) {
    throw new InvalidResourceIdError(id, 'contains characters that are not allowed');
  }
  const segments = id.slice(1).replace(/\/$/, '').split('/');
  if (segments.some((s) => s.length === 0)) throw new InvalidResourceIdError(id, 'empty path segment');
  if (segments.some((s) => s === '.' || s === '..')) throw new InvalidResourceIdError(id, 'relative path segment');

  const [subs, subscriptionId, rgs, resourceGroup, providers, namespace, type1, name1, type2, name2, ...rest] = segments;
  if (!eq(subs, 'subscriptions') || subscriptionId === undefined) throw new InvalidResourceIdError(id, 'expected /subscriptions/{id}');
  if (!SUBSCRIPTION_ID.test(subscriptionId)) throw new InvalidResourceIdError(id, 'malformed subscription id');
  if (rgs === undefined) return { kind: 'subscription', subscriptionId };
  if (!eq(rgs, 'resourceGroups') || resourceGroup === undefined) throw new InvalidResourceIdError(id, 'expected /resourceGroups/{name}');
  if (!RESOURCE_GROUP.test(resourceGroup) || resourceGroup.endsWith('.')) throw new InvalidResourceIdError(id, 'malformed resource group name');
  if (providers === undefined) return { kind: 'resourceGroup', subscriptionId, resourceGroup };
  if (!eq(providers, 'providers') || !eq(namespace, 'Microsoft.Compute')) {
    throw new InvalidResourceIdError(id, 'expected a Microsoft.Compute resource');
  }
  if (type1 === undefined || name1 === undefined) throw new InvalidResourceIdError(id, 'missing resource type or name');
  if (!COMPUTE_NAME.test(name1)) throw new InvalidResourceIdError(id, `malformed resource name "${printable(name1)}"`);
  if (rest.length > 0) throw new InvalidResourceIdError(id, 'unexpected trailing segments');

  if (eq(type1, 'virtualMachineScaleSets')) {
    if (type2 === undefined) return { kind: 'scaleSet', subscriptionId, resourceGroup, scaleSetName: name1 };
    if (!eq(type2, 'virtualMachines') || name2 === undefined) throw new InvalidResourceIdError(id, 'expected /virtualMachines/{instanceId}');
    if (!UNIFORM_INSTANCE_ID.test(name2)) throw new InvalidResourceIdError(id, 'a scale-set instance id must be a number');
    // Canonical decimal, so "07" is sent (and de-duplicated) as "7".
    return { kind: 'scaleSetVm', subscriptionId, resourceGroup, scaleSetName: name1, instanceId: name2.replace(/^0+(?=\d)/, '') };
  }
  if (eq(type1, 'virtualMachines')) {
    if (type2 !== undefined) throw new InvalidResourceIdError(id, 'unexpected child resource of a virtual machine');
    return { kind: 'virtualMachine', subscriptionId, resourceGroup, vmName: name1 };
  }
  throw new InvalidResourceIdError(id, `unsupported resource type "${printable(type1)}"`);
}

export function scaleSetId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`;
}

/** Parses an id that must be a scale set. */
export function parseScaleSetId(id: string): Extract<ParsedArmId, { kind: 'scaleSet' }> {
  const parsed = parseArmId(id);
  if (parsed.kind !== 'scaleSet') throw new InvalidResourceIdError(id, 'not a scale set id');
  return parsed;
}

/** Parses an id that must be a VM (Uniform scale-set VM or standalone/Flexible VM). */
export function parseVmId(id: string): Extract<ParsedArmId, { kind: 'scaleSetVm' | 'virtualMachine' }> {
  const parsed = parseArmId(id);
  if (parsed.kind !== 'scaleSetVm' && parsed.kind !== 'virtualMachine') throw new InvalidResourceIdError(id, 'not a virtual machine id');
  return parsed;
}

function eq(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** Shows invisible characters as escapes so an error message cannot hide them. */
function printable(s: string): string {
  const shown = s.length > 200 ? `${s.slice(0, 200)}…` : s;
  return shown.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
