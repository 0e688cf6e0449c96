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

/**
 * Options journaled with the action's ClientToken; undefined without one, since the action
 * could then be neither followed nor retried safely.
 */
function withClientToken<T>(raw: unknown, read: (options: Record<string, unknown>, clientToken: string) => T | undefined): T | undefined {
  if (!isObject(raw) || typeof raw.clientToken !== 'string' || raw.clientToken === '') return undefined;
  return read(raw, raw.clientToken);
}

function isStoppedMode(value: unknown): value is StoppedMode {
  return value === 'KeepCharging' || value === 'StopCharging';
}

const stopInstance: OperationSpec<'volcengine.stopInstance'> = {
  kind: 'volcengine.stopInstance',
  readOptions: (raw) => withClientToken<StopInstanceOptions>(raw, (options, clientToken) => {
    const stoppedMode = options.stoppedMode ?? 'KeepCharging';
    return isStoppedMode(stoppedMode) ? { stoppedMode, forceStop: options.forceStop === true, dryRun: options.dryRun === true, clientToken } : undefined;
  }),
  changesState: (options) => !options.dryRun,
};

const startInstance: OperationSpec<'volcengine.startInstance'> = {
  kind: 'volcengine.startInstance',
  readOptions: (raw) => withClientToken<StartInstanceOptions>(raw, (options, clientToken) => ({ dryRun: options.dryRun === true, clientToken })),
  changesState: (options) => !options.dryRun,
};

const rebootInstance: OperationSpec<'volcengine.rebootInstance'> = {
  kind: 'volcengine.rebootInstance',
  readOptions: (raw) => withClientToken<RebootInstanceOptions>(raw, (options, clientToken) => ({ forceStop: options.forceStop === true, clientToken })),
  changesState: () => true,
};

/** ARM resource ids are case-insensitive, and ARM answers in mixed casing. */
export function armIdKey(id: string): string {
  // A Uniform instance id is a number: "07" and "7" name the same VM.
  return id.toLowerCase().replace(/(\/virtualmachinescalesets\/[^/]+\/virtualmachines\/)0+(?=\d)/, '$1');
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
