/**
 * The provider-neutral fleet model. Everything above src/cloud speaks these types;
 * nothing here imports 'vscode' or a cloud SDK.
 */

import type { MaintenanceStatus } from './maintenance';

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
  /** Home tenant (ARM's tenantId). */
  tenantId?: string;
  /** The home tenant's display name, when Tenants - List named it. */
  tenantName?: string;
  /**
   * The tenant whose token listed it, and so the tenant of every token its requests carry: the
   * home tenant, or the managing tenant of an Azure Lighthouse delegation. Absent for a
   * single-tenant credential (a service principal), whose own tenant is meant.
   */
  accessTenantId?: string;
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
  /** maintenanceRedeployStatus from the listing's instance view; absent when no maintenance is planned. */
  maintenance?: MaintenanceStatus;
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

export type CloudId = 'azure' | 'volcengine';

export interface PowerOffOptions { skipShutdown: boolean }
export interface DeallocateOptions { hibernate: boolean }
export type PerformMaintenanceOptions = Record<string, never>;
/** Azure start and restart have nothing to choose: the confirmation is the only question. */
export type StartOptions = Record<string, never>;
export type RestartOptions = Record<string, never>;
export interface StopInstanceOptions {
  forceStop: boolean;
  stoppedMode: StoppedMode;
  dryRun: boolean;
  /** One per user action, reused for every retry of that action (≤ 64 ASCII). */
  clientToken: string;
}
export interface StartInstanceOptions {
  /** Only check (permissions, status and, for an economical-stopped instance, stock); start nothing. */
  dryRun: boolean;
  /** One per user action, reused for every retry of that action (≤ 64 ASCII). */
  clientToken: string;
}
export interface RebootInstanceOptions {
  /** Cut the power instead of shutting the operating system down before the restart. */
  forceStop: boolean;
  /** One per user action, reused for every retry of that action (≤ 64 ASCII). */
  clientToken: string;
}

/** Every operation kind and the options it takes: the one list a new operation is added to. */
export interface OperationOptionsByKind {
  'azure.powerOff': PowerOffOptions;
  'azure.deallocate': DeallocateOptions;
  'azure.performMaintenance': PerformMaintenanceOptions;
  'azure.start': StartOptions;
  'azure.restart': RestartOptions;
  'volcengine.stopInstance': StopInstanceOptions;
  'volcengine.startInstance': StartInstanceOptions;
  'volcengine.rebootInstance': RebootInstanceOptions;
}

export type OperationKind = keyof OperationOptionsByKind;
export type OptionsOf<K extends OperationKind> = OperationOptionsByKind[K];

/** One thing an operation acts on. */
export interface OperationTarget {
  /** Azure: VM resource id. Volcengine: instance id. */
  id: string;
  /** Short name for messages ("vmss-web/3", "web-01 (i-abc)"). */
  label: string;
  /** Azure: scale-set resource id. Volcengine: region id. */
  scope: string;
}

/** What one operation asks for: its kind, that kind's options and exactly the confirmed targets. */
export interface OperationRequestOf<K extends OperationKind> {
  kind: K;
  targets: OperationTarget[];
  options: OptionsOf<K>;
}

/** A discriminated union: narrowing on `kind` types `options`. */
export type OperationRequest = { [K in OperationKind]: OperationRequestOf<K> }[OperationKind];

export type OperationStatus =
  | 'running'    // in flight (request sent or being polled)
  | 'succeeded'
  | 'failed'
  | 'partial'    // some targets succeeded, some did not
  | 'canceled'   // the cloud reports the operation canceled
  | 'checked'    // DryRun passed: nothing was changed
  | 'unknown';   // the outcome could not be determined (e.g. connection lost after sending)

/**
 * One target's outcome. `notSent`: refused before any request for it left (bad input, not
 * signed in); `canceled`: the cloud canceled the operation.
 */
export type TargetStatus = 'pending' | 'succeeded' | 'failed' | 'canceled' | 'notSent' | 'checked' | 'unknown';

export interface TargetResult {
  status: TargetStatus;
  code?: string;
  message?: string;
  /** Power state / ECS status last read back for the target. */
  finalState?: string;
  /** The cloud accepted the request for this target before it failed or was canceled (the failure came later). */
  accepted?: boolean;
}

/** Scalar values a request event lists (instance ids, region, options, ClientToken). */
export type EventParameters = Record<string, string | number | boolean>;

/**
 * Events are in the domain's words, not sentences: the UI renders them (localized) for the
 * output channel. `at` is epoch ms. HTTP facts (method, URL, status) are present only when
 * the driver saw that exchange.
 */
export type OperationEvent =
  | { at: number; type: 'requested'; action: string; targets: string[]; parameters: EventParameters; http?: { method: string; url: string } }
  | { at: number; type: 'accepted'; httpStatus?: number; requestId?: string; correlationId?: string; statusUrl?: string; retryAfterSeconds?: number }
  /** A wait before the next attempt; `askedByCloud` says whether the cloud named the wait (Retry-After) or it is our own back-off. */
  | { at: number; type: 'waiting'; reason: 'throttled'; waitSeconds: number; askedByCloud: boolean; code?: string; requestId?: string }
  | { at: number; type: 'retrying'; attempt: number; reason: string }
  /** The cloud's own word for where the operation stands (LRO status, ECS status counts). */
  | { at: number; type: 'progress'; status: string; counts?: Record<string, number>; httpStatus?: number; requestId?: string; nextCheckSeconds?: number }
  | { at: number; type: 'targetResult'; target: string; result: TargetResult }
  | { at: number; type: 'stateRead'; target: string; state: string }
  /** Followed again: after a window reload, or by Check again after the deadline. */
  | { at: number; type: 'resumed'; reason?: 'reload' | 'checkAgain' }
  | { at: number; type: 'finished'; status: OperationStatus; durationMs: number; error?: CloudErrorInfo };


/** What the user and the output channel need to know about a cloud's refusal. */
export interface CloudErrorInfo {
  cloud: CloudId;
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
  /** For a refused signature time (InvalidTimestamp): how far this computer's clock is from the server's (+ = ahead). */
  clockSkewSeconds?: number;
}

export type ErrorCategory =
  | 'authentication' | 'permission' | 'throttled' | 'notFound' | 'conflict'
  | 'invalidInput' | 'network' | 'server' | 'malformedResponse' | 'dryRun' | 'unknown';

/** What the engine keeps about an operation besides its request. */
export interface OperationRecordState {
  id: string;
  cloud: CloudId;
  status: OperationStatus;
  startedAt: number;
  endedAt?: number;
  /** Since when it is being waited for (Check again restarts the deadline); startedAt when absent. */
  waitingSince?: number;
  events: OperationEvent[];
  results: Record<string, TargetResult>;
  error?: CloudErrorInfo;
  /**
   * Provider-owned JSON needed to resume waiting after a window reload (serialized pollers,
   * ClientToken, affected instance ids). Never contains a credential.
   */
  resume?: unknown;
}

export type OperationRecordOf<K extends OperationKind> = OperationRequestOf<K> & OperationRecordState;

/** A record of any kind; narrowing on `kind` types `options`. */
export type OperationRecord = { [K in OperationKind]: OperationRecordOf<K> }[OperationKind];
