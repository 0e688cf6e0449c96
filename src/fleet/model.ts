/**
 * The provider-neutral fleet model. Everything above src/cloud speaks these types;
 * nothing here imports 'vscode' or a cloud SDK.
 */

// ---------------------------------------------------------------- Azure

export type AzurePowerState =
  | 'running' | 'stopped' | 'deallocated' | 'hibernated'
  | 'starting' | 'stopping' | 'deallocating' | 'unknown';

export type OrchestrationMode = 'Uniform' | 'Flexible';

export interface AzureSubscription {
  subscriptionId: string;
  displayName: string;
  /** Enabled | Warned | PastDue | Disabled | Deleted (as ARM reports it). */
  state: string;
  tenantId?: string;
}

export interface ScaleSetRef {
  /** ARM resource id of the scale set. */
  id: string;
  name: string;
  subscriptionId: string;
  resourceGroup: string;
  orchestrationMode: OrchestrationMode;
}

export interface ScaleSet extends ScaleSetRef {
  location: string;
  hibernationEnabled: boolean;
  skuName?: string;
  capacity?: number;
  provisioningState?: string;
}

export interface ScaleSetInstance {
  /** ARM resource id of the VM (Uniform: …/virtualMachineScaleSets/x/virtualMachines/3; Flexible: …/virtualMachines/name). */
  id: string;
  name: string;
  /** Uniform: the decimal instance id. Flexible: the VM name (what scale-set level APIs take). */
  instanceId: string;
  scaleSet: ScaleSetRef;
  powerState: AzurePowerState;
  provisioningState?: string;
  zone?: string;
  vmSize?: string;
  computerName?: string;
}

// ---------------------------------------------------------------- Volcengine

/** Every status the ECS documentation lists, plus UNKNOWN for anything new. */
export type EcsStatus =
  | 'CREATING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'REBOOTING' | 'STARTING'
  | 'REBUILDING' | 'RESIZING' | 'ERROR' | 'DELETING' | 'UNKNOWN';

export type StoppedMode = 'KeepCharging' | 'StopCharging';

export interface EcsRegion {
  regionId: string;
}

export interface EcsInstance {
  instanceId: string;
  name: string;
  regionId: string;
  zoneId: string;
  status: EcsStatus;
  stoppedMode?: StoppedMode;
  instanceTypeId: string;
  chargeType: string;
  cpus?: number;
  memoryMb?: number;
  osName?: string;
  primaryIp?: string;
  createdAt?: string;
}

// ---------------------------------------------------------------- operations

export type OperationKind =
  | 'azure.powerOff'
  | 'azure.deallocate'
  | 'azure.performMaintenance'
  | 'volcengine.stopInstance';

export interface PowerOffOptions { skipShutdown: boolean }
export interface DeallocateOptions { hibernate: boolean }
export type PerformMaintenanceOptions = Record<string, never>;
export interface StopInstanceOptions {
  forceStop: boolean;
  stoppedMode: StoppedMode;
  dryRun: boolean;
  /** One per user action, reused for every retry of that action (≤ 64 ASCII). */
  clientToken: string;
}

export type OperationOptions = PowerOffOptions | DeallocateOptions | PerformMaintenanceOptions | StopInstanceOptions;

/** One thing an operation acts on. */
export interface OperationTarget {
  /** Azure: VM resource id. Volcengine: instance id. */
  id: string;
  /** Short name for messages ("vmss-web/3", "web-01 (i-abc)"). */
  label: string;
  /** Azure: scale-set resource id. Volcengine: region id. */
  scope: string;
}

export type OperationStatus =
  | 'running'    // in flight (request sent or being polled)
  | 'succeeded'
  | 'failed'
  | 'partial'    // some targets succeeded, some failed
  | 'canceled'   // the cloud reports the operation canceled
  | 'checked'    // DryRun passed: nothing was changed
  | 'unknown';   // the outcome could not be determined (e.g. connection lost after sending)

export type TargetStatus = 'pending' | 'succeeded' | 'failed' | 'checked' | 'unknown';

export interface TargetResult {
  status: TargetStatus;
  code?: string;
  message?: string;
  /** Power state / ECS status last read back for the target. */
  finalState?: string;
}

/**
 * Events are structured, not sentences: the UI layer renders them (localized) for the
 * output channel. `at` is epoch ms.
 */
export type OperationEvent =
  | { at: number; type: 'requested'; method: string; url: string; targets: string[]; options: Record<string, string | boolean> }
  | { at: number; type: 'accepted'; httpStatus: number; requestId?: string; correlationId?: string; statusUrl?: string; retryAfterSeconds?: number }
  | { at: number; type: 'poll'; httpStatus: number; status: string; requestId?: string; retryAfterSeconds?: number }
  | { at: number; type: 'throttled'; retryAfterSeconds: number; code?: string; requestId?: string }
  | { at: number; type: 'retry'; attempt: number; reason: string }
  | { at: number; type: 'targetResult'; target: string; result: TargetResult }
  | { at: number; type: 'stateRead'; target: string; state: string }
  | { at: number; type: 'resumed' }
  | { at: number; type: 'waitCanceled' }
  | { at: number; type: 'finished'; status: OperationStatus; durationMs: number; error?: CloudErrorInfo };

export type OperationEventType = OperationEvent['type'];

/** What the user and the output channel need to know about a cloud's refusal. */
export interface CloudErrorInfo {
  cloud: 'azure' | 'volcengine';
  /** The cloud's error code (OperationNotAllowed, InvalidInstanceStatus, …) or a local one (NetworkError, Timeout, MalformedResponse). */
  code: string;
  message: string;
  httpStatus?: number;
  target?: string;
  requestId?: string;
  correlationId?: string;
  details?: Array<{ code?: string; target?: string; message?: string }>;
  innerError?: { exceptionType?: string; errorDetail?: string };
  /** What kind of problem this is, for guidance (sign in, permissions, wait, fix input…). */
  category: ErrorCategory;
}

export type ErrorCategory =
  | 'authentication' | 'permission' | 'throttled' | 'notFound' | 'conflict'
  | 'invalidInput' | 'network' | 'server' | 'malformedResponse' | 'dryRun' | 'unknown';

export interface OperationRecord {
  id: string;
  kind: OperationKind;
  cloud: 'azure' | 'volcengine';
  targets: OperationTarget[];
  options: Record<string, string | boolean>;
  status: OperationStatus;
  startedAt: number;
  endedAt?: number;
  events: OperationEvent[];
  results: Record<string, TargetResult>;
  error?: CloudErrorInfo;
  /**
   * Provider-owned JSON needed to resume waiting after a window reload (serialized pollers,
   * ClientToken, affected instance ids). Never contains a credential.
   */
  resume?: unknown;
}
