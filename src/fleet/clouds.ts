/**
 * The static half of each cloud's provider: its operation kinds, how journaled options are
 * read back, and how its targets are identified. No SDK, so the engine and the UI use these
 * at activation.
 */
import type { CloudId, DeallocateOptions, PowerOffOptions, StopInstanceOptions, StoppedMode } from './model';
import type { CloudDescriptor, OperationSpec } from './provider';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const powerOff: OperationSpec<'azure.powerOff'> = {
  kind: 'azure.powerOff',
  readOptions: (raw): PowerOffOptions | undefined => (isObject(raw) ? { skipShutdown: raw.skipShutdown === true } : undefined),
  changesState: () => true,
};

const deallocate: OperationSpec<'azure.deallocate'> = {
  kind: 'azure.deallocate',
  readOptions: (raw): DeallocateOptions | undefined => (isObject(raw) ? { hibernate: raw.hibernate === true } : undefined),
  changesState: () => true,
};

const performMaintenance: OperationSpec<'azure.performMaintenance'> = {
  kind: 'azure.performMaintenance',
  readOptions: (raw) => (isObject(raw) ? {} : undefined),
  changesState: () => true,
};

function isStoppedMode(value: unknown): value is StoppedMode {
  return value === 'KeepCharging' || value === 'StopCharging';
}

const stopInstance: OperationSpec<'volcengine.stopInstance'> = {
  kind: 'volcengine.stopInstance',
  readOptions: (raw): StopInstanceOptions | undefined => {
    if (!isObject(raw)) return undefined;
    const stoppedMode = raw.stoppedMode ?? 'KeepCharging';
    if (!isStoppedMode(stoppedMode) || typeof raw.clientToken !== 'string' || raw.clientToken === '') return undefined;
    return { stoppedMode, forceStop: raw.forceStop === true, dryRun: raw.dryRun === true, clientToken: raw.clientToken };
  },
  changesState: (options) => !options.dryRun,
};

/** ARM resource ids are case-insensitive, and ARM answers in mixed casing. */
export function armIdKey(id: string): string {
  return id.toLowerCase();
}

export const AZURE_CLOUD: CloudDescriptor = {
  cloud: 'azure',
  operations: [powerOff, deallocate, performMaintenance],
  targetKey: armIdKey,
};

export const VOLCENGINE_CLOUD: CloudDescriptor = {
  cloud: 'volcengine',
  operations: [stopInstance],
  // Instance ids are lower-case ASCII; folding case keeps "I-ABC" from acting twice.
  targetKey: (id) => id.toLowerCase(),
};

/** Every cloud's descriptor, by id: a CloudId without one does not compile. */
export const CLOUD_DESCRIPTORS: Readonly<Record<CloudId, CloudDescriptor>> = { azure: AZURE_CLOUD, volcengine: VOLCENGINE_CLOUD };
