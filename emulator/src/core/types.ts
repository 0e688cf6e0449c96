/**
 * Contracts shared by every part of the emulator: the fleet file, faults, the request log,
 * and the handler shape each cloud surface implements.
 */
import type { IncomingHttpHeaders } from 'node:http';

// ---------------------------------------------------------------- fleet file (JSON)

export type AzurePowerStateCode = 'running' | 'stopped' | 'deallocated' | 'starting' | 'stopping' | 'deallocating';
export type AzureSubscriptionState = 'Enabled' | 'Warned' | 'PastDue' | 'Disabled' | 'Deleted';

export interface FleetAzureInstance {
  /** Uniform: decimal instance id ("0", "1", …). Flexible: the VM name. */
  instanceId: string;
  /** Uniform: `${scaleSet}_${instanceId}`; Flexible: `${scaleSet}_${8 hex}`. Defaults derived when omitted. */
  name?: string;
  powerState: AzurePowerStateCode;
  /** Only meaningful with powerState "deallocated": adds HibernationState/Hibernated. */
  hibernated?: boolean;
  provisioningState?: 'Succeeded' | 'Creating' | 'Updating' | 'Failed' | 'Deleting';
  zone?: string;
  computerName?: string;
  /** Shorthand for `maintenance: 'selfServiceOpen'` (true) or none (false). Defaults to the scale set's value. */
  maintenanceEligible?: boolean;
  /**
   * The instance view's maintenanceRedeployStatus, verbatim, or a named shape whose windows are
   * placed around the emulator's start (emulator/src/azure/maintenance.ts). Absent: nothing planned.
   * performMaintenance is refused (409 OperationNotAllowed) unless isCustomerInitiatedMaintenanceAllowed.
   */
  maintenance?: FleetMaintenanceProfile | FleetMaintenanceStatus;
  /** A start that needs new hardware (from deallocated or hibernated) ends Failed with AllocationFailed. */
  allocationFails?: boolean;
}

/** MaintenanceRedeployStatus as the 2024-07-01 spec shapes it (computeRPCommon.json); times are ISO 8601. */
export interface FleetMaintenanceStatus {
  isCustomerInitiatedMaintenanceAllowed?: boolean;
  preMaintenanceWindowStartTime?: string;
  preMaintenanceWindowEndTime?: string;
  maintenanceWindowStartTime?: string;
  maintenanceWindowEndTime?: string;
  lastOperationResultCode?: 'None' | 'RetryLater' | 'MaintenanceAborted' | 'MaintenanceCompleted';
  lastOperationMessage?: string;
}

export type FleetMaintenanceProfile = 'selfServiceOpen' | 'scheduledOnly' | 'completed' | 'retryLater' | 'aborted';

export interface FleetScaleSet {
  name: string;
  location?: string;
  orchestrationMode: 'Uniform' | 'Flexible';
  /** additionalCapabilities.hibernationEnabled */
  hibernationEnabled?: boolean;
  sku: { name: string; tier?: string };
  zones?: string[];
  maintenanceEligible?: boolean;
  instances: FleetAzureInstance[];
}

export interface FleetResourceGroup {
  name: string;
  location: string;
  scaleSets: FleetScaleSet[];
}

export interface FleetSubscription {
  subscriptionId: string;
  displayName: string;
  state: AzureSubscriptionState;
  /** Home tenant (ARM's `tenantId`). Default: the fleet's `azure.tenantId`. */
  tenantId?: string;
  /** Tenants that manage it through Azure Lighthouse (ARM's `managedByTenants`): their tokens list and act on it too. */
  managedByTenants?: string[];
  resourceGroups: FleetResourceGroup[];
}

/** A Microsoft Entra tenant (directory) the emulated user belongs to (Tenants - List, GetTenants.json). */
export interface FleetTenant {
  tenantId: string;
  displayName: string;
  /** e.g. contoso.onmicrosoft.com */
  defaultDomain: string;
  domains?: string[];
  tenantCategory?: 'Home' | 'ProjectedBy' | 'ManagedBy';
  countryCode?: string;
  /**
   * 'mfa': the tenant's policy asks for multi-factor authentication at sign-in, so a token for it
   * cannot be had silently from a sign-in without MFA (AADSTS50076). Default 'password'.
   */
  signIn?: 'password' | 'mfa';
  /** Actions (POST) on its subscriptions with a user token without MFA get a claims challenge (ARM's MFA enforcement). */
  mfaForActions?: boolean;
}

export type EcsStatusCode =
  | 'CREATING' | 'RUNNING' | 'STOPPING' | 'STOPPED' | 'REBOOTING' | 'STARTING'
  | 'REBUILDING' | 'RESIZING' | 'ERROR' | 'DELETING';

export interface FleetEcsInstance {
  instanceId: string;
  instanceName: string;
  status: EcsStatusCode;
  instanceTypeId: string;
  /** PostPaid (pay as you go) supports StopCharging; PrePaid does not. */
  instanceChargeType: 'PostPaid' | 'PrePaid';
  stoppedMode?: 'KeepCharging' | 'StopCharging';
  cpus?: number;
  memorySize?: number;
  osName?: string;
  primaryIpAddress?: string;
  /** OperationDenied.ResourceLocked */
  locked?: boolean;
  /** OperationDenied.InstanceIsCreatingImage */
  creatingImage?: boolean;
  /** OperationDenied.ResourceCreatedByOtherService */
  createdByOtherService?: boolean;
  /** InvalidStoppedModeForScheduledInstance.Unsupported */
  scheduledInstance?: boolean;
  /** InvalidDedicatedHostStatus.Unsupported */
  dedicatedHostUnavailable?: boolean;
  /** Starting it after an economical stop (StopCharging) fails: the region has no stock for its vCPU and memory. */
  noStockOnStart?: boolean;
}

export interface FleetEcsZone { zoneId: string; instances: FleetEcsInstance[] }
export interface FleetEcsRegion { regionId: string; zones: FleetEcsZone[] }

export interface FleetFile {
  azure: {
    /** The managed identity's tenant and the emulated user's home tenant. */
    tenantId: string;
    /** Default: one tenant, `tenantId`, named "Contoso" (contoso.onmicrosoft.com). */
    tenants?: FleetTenant[];
    subscriptions: FleetSubscription[];
  };
  volcengine: { regions: FleetEcsRegion[] };
}

// ---------------------------------------------------------------- faults

export type FaultKind =
  | 'latency'        // add `ms` before answering
  | 'status'         // answer `status` (500/503/…) with the cloud's error body
  | 'throttle'       // ARM 429 + Retry-After `retryAfterSeconds`; Volcengine 429 FlowLimitExceeded
  | 'reset'          // destroy the socket without an answer (after the effect when `afterEffect`)
  | 'hang'           // never answer (until the emulator stops)
  | 'malformed'      // 200 with a body that is not JSON
  | 'lroFail'        // the next LRO started on the route ends Failed (with `code`/`message`)
  | 'lroCancel'      // … ends Canceled
  | 'tokenExpiry'    // ARM: tokens issued before now are treated as expired (401 ExpiredAuthenticationToken)
  | 'lroNoContent'   // the next LRO started on the route succeeds with its Location URL answering 204 (no body)
  | 'lroOddBody'     // … ends with a status resource whose `status` is not a string
  | 'lroStuck'       // … never ends: InProgress for as long as the emulator runs, its VMs stay transitional
  | 'actionNoContent'; // the next action on the route is carried out at once and answered 204, no body, no Location (synchronous)

export interface Fault {
  kind: FaultKind;
  /**
   * Which requests: matched against the request's route key. ARM: `${METHOD} ${lowercased path}`
   * (e.g. /post .*\/deallocate$/); Volcengine: `${Action}`; MSI: `POST /msi/token`.
   * A string matches by substring; a RegExp by test(). Omitted = every request of the service.
   */
  route?: string | RegExp;
  service?: 'arm' | 'volc' | 'msi' | 'login';
  /** How many matching requests it applies to; default 1. Infinity = all. */
  count?: number;
  status?: number;
  ms?: number;
  retryAfterSeconds?: number;
  code?: string;
  message?: string;
  /** reset/hang: apply the request's effect first, then drop the answer (a lost response). */
  afterEffect?: boolean;
}

// ---------------------------------------------------------------- request log

export interface RecordedRequest {
  seq: number;
  at: number;
  /** 'login': the emulated Microsoft Entra sign-in endpoints (`/{tenant}/oauth2/v2.0/…`). */
  service: 'arm' | 'volc' | 'msi' | 'login' | 'control';
  method: string;
  /** Path as received (not lowercased). */
  path: string;
  query: Record<string, string>;
  /** Selected headers, lowercased names; never the Authorization value (only whether it was present). */
  headers: Record<string, string>;
  body: unknown;
  status: number;
  /** ARM: operation name such as "deallocate", "powerOff", "performMaintenance", "listVMs"; Volcengine: Action. */
  operation?: string;
  /** Set when the request was refused or dropped by a fault. */
  fault?: FaultKind;
  /** The client's address and port as this emulator saw them (`127.0.0.1:53422`): a proxy's tunnel, or the client itself. */
  peer?: string;
}

// ---------------------------------------------------------------- handlers

export interface EmuRequest {
  method: string;
  url: URL;
  /** Path, percent-decoded segments kept as received. */
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON or form body when parseable, else undefined. */
  body: unknown;
}

export interface EmuResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** JSON-serialised unless `raw` is given. */
  json?: unknown;
  raw?: string | Buffer;
  /** For the request log. */
  operation?: string;
}
