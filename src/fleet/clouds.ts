/**
 * The static half of each cloud's provider: its operation kinds, how journaled options are
 * read back, and how its targets are identified. No SDK, so the engine and the UI use these
 * at activation.
 */
import type {
  CloudId, DeallocateOptions, PowerOffOptions, RebootInstanceOptions, StartInstanceOptions, StopInstanceOptions, StoppedMode,
} from './model';
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

const start: OperationSpec<'azure.start'> = {
  kind: 'azure.start',
  readOptions: (raw) => (isObject(raw) ? {} : undefined),
  changesState: () => true,
};

const restart: OperationSpec<'azure.restart'> = {
  kind: 'azure.restart',
  readOptions: (raw) => (isObject(raw) ? {} : undefined),
  changesState: () => true,
};

/** A journaled ClientToken: without one the action cannot be followed (or retried) safely. */
function clientTokenOf(raw: Record<string, unknown>): string | undefined {
  return typeof raw.clientToken === 'string' && raw.clientToken !== '' ? raw.clientToken : undefined;
}

function isStoppedMode(value: unknown): value is StoppedMode {
  return value === 'KeepCharging' || value === 'StopCharging';
}

const stopInstance: OperationSpec<'volcengine.stopInstance'> = {
  kind: 'volcengine.stopInstance',
  readOptions: (raw): StopInstanceOptions | undefined => {
    if (!isObject(raw)) return undefined;
    const stoppedMode = raw.stoppedMode ?? 'KeepCharging';
    const clientToken = clientTokenOf(raw);
    if (!isStoppedMode(stoppedMode) || clientToken === undefined) return undefined;
    return { stoppedMode, forceStop: raw.forceStop === true, dryRun: raw.dryRun === true, clientToken };
  },
  changesState: (options) => !options.dryRun,
};

const startInstance: OperationSpec<'volcengine.startInstance'> = {
  kind: 'volcengine.startInstance',
  readOptions: (raw): StartInstanceOptions | undefined => {
    const clientToken = isObject(raw) ? clientTokenOf(raw) : undefined;
    return isObject(raw) && clientToken !== undefined ? { dryRun: raw.dryRun === true, clientToken } : undefined;
  },
  changesState: (options) => !options.dryRun,
};

const rebootInstance: OperationSpec<'volcengine.rebootInstance'> = {
  kind: 'volcengine.rebootInstance',
  readOptions: (raw): RebootInstanceOptions | undefined => {
    const clientToken = isObject(raw) ? clientTokenOf(raw) : undefined;
    return isObject(raw) && clientToken !== undefined ? { forceStop: raw.forceStop === true, clientToken } : undefined;
  },
  changesState: () => true,
};

/** ARM resource ids are case-insensitive, and ARM answers in mixed casing. */
export function armIdKey(id: string): string {
  return id.toLowerCase();
}

export const AZURE_CLOUD: CloudDescriptor = {
  cloud: 'azure',
  operations: [powerOff, deallocate, performMaintenance, start, restart],
  targetKey: armIdKey,
};

export const VOLCENGINE_CLOUD: CloudDescriptor = {
  cloud: 'volcengine',
  operations: [stopInstance, startInstance, rebootInstance],
  // Instance ids are lower-case ASCII; folding case keeps "I-ABC" from acting twice.
  targetKey: (id) => id.toLowerCase(),
};

/** Every cloud's descriptor, by id: a CloudId without one does not compile. */
export const CLOUD_DESCRIPTORS: Readonly<Record<CloudId, CloudDescriptor>> = { azure: AZURE_CLOUD, volcengine: VOLCENGINE_CLOUD };
