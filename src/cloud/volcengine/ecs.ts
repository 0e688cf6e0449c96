/**
 * The ECS 2020-04-01 actions we use, typed: DescribeRegions, DescribeInstances (paged, ≤ 100
 * ids a call), and the power actions Stop/Start/RebootInstance(s). Answers become our own model types.
 */
import type { EcsInstance, EcsRegion, EcsStatus, StoppedMode } from '../../fleet/model';
import type { VolcengineEndpoint } from '../../fleet/endpoints/volcengine';
import { VOLCENGINE_ERROR_CODES, VolcengineError } from './errors';
import { createTransport, type CallHooks, type Query, type Transport, type TransportOptions } from './transport';

/** DescribeInstances and the batch power actions accept at most 100 instance ids. */
export const MAX_IDS_PER_CALL = 100;

/** DescribeRegions is answered by every region, but the signature must name one. */
const REGION_FOR_DESCRIBE_REGIONS = 'cn-beijing';

const ECS_STATUSES: readonly EcsStatus[] = [
  'CREATING', 'RUNNING', 'STOPPING', 'STOPPED', 'REBOOTING', 'STARTING',
  'REBUILDING', 'RESIZING', 'ERROR', 'DELETING',
];

/** Every documented status maps to itself; anything else (a status added later) is UNKNOWN. */
export function mapEcsStatus(raw: unknown): EcsStatus {
  if (typeof raw !== 'string') return 'UNKNOWN';
  const upper = raw.trim().toUpperCase();
  return (ECS_STATUSES as readonly string[]).includes(upper) ? upper as EcsStatus : 'UNKNOWN';
}

function mapStoppedMode(raw: unknown): StoppedMode | undefined {
  return raw === 'KeepCharging' || raw === 'StopCharging' ? raw : undefined;
}

/**
 * Instance ids are short ASCII tokens (i-3tiefmkskq3vj0x0…). Anything with spaces, slashes, '?',
 * '#', '%', markup or non-ASCII is refused before a request is built.
 */
export function isValidInstanceId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/.test(id);
}

function assertInstanceIds(ids: readonly string[]): void {
  const bad = ids.find((id) => id !== '' && !isValidInstanceId(id));
  if (bad !== undefined) {
    throw new VolcengineError({
      code: 'InvalidInstanceId', category: 'invalidInput',
      message: `"${[...bad].slice(0, 40).join('')}" is not a Volcengine instance id.`,
    });
  }
}

export type VolcengineClientOptions = TransportOptions;

/** The power actions on one instance; each also has a batch form (…Instances, ≤ 100 ids, no DryRun). */
export type SingleInstanceAction = 'StopInstance' | 'StartInstance' | 'RebootInstance';
export type BatchInstanceAction = 'StopInstances' | 'StartInstances' | 'RebootInstances';

/** What a power action takes beyond the ids: ForceStop (stop, reboot) and StoppedMode (stop); absent = not sent. */
export interface PowerParameters {
  forceStop?: boolean;
  stoppedMode?: StoppedMode;
}

export interface InstanceActionRequest extends PowerParameters {
  instanceId: string;
  clientToken?: string;
  dryRun?: boolean;
}

export interface InstanceActionResult {
  httpStatus: number;
  requestId?: string;
  /** DryRun only: the server answered DryRunOperation (every check passed, nothing changed). */
  dryRunPassed: boolean;
}

export interface InstancesActionRequest extends PowerParameters {
  instanceIds: string[];
  clientToken?: string;
}

/** One instance's part of a batch answer; an error means it was refused. */
export interface OperationDetail {
  instanceId: string;
  error?: { code: string; message: string };
}

export interface InstancesActionResult {
  httpStatus: number;
  requestId?: string;
  details: OperationDetail[];
}

export interface VolcengineClient {
  readonly endpoint: VolcengineEndpoint;
  listRegions(hooks?: CallHooks): Promise<EcsRegion[]>;
  listInstances(regionId: string, filter?: { instanceIds?: string[]; status?: EcsStatus }, hooks?: CallHooks): Promise<EcsInstance[]>;
  /** StopInstance, StartInstance or RebootInstance on one instance (DryRun allowed). */
  instanceAction(regionId: string, action: SingleInstanceAction, request: InstanceActionRequest, hooks?: CallHooks): Promise<InstanceActionResult>;
  /** The batch form: HTTP 200 with each instance's refusal, if any, in OperationDetails. */
  instancesAction(regionId: string, action: BatchInstanceAction, request: InstancesActionRequest, hooks?: CallHooks): Promise<InstancesActionResult>;
  /** Closes idle keep-alive sockets. */
  dispose(): void;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const numberOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function mapInstance(regionId: string, raw: unknown): EcsInstance | undefined {
  if (!isRecord(raw)) return undefined;
  const instanceId = stringOf(raw.InstanceId);
  if (!instanceId) return undefined;
  const interfaces: unknown[] = Array.isArray(raw.NetworkInterfaces) ? (raw.NetworkInterfaces as unknown[]) : [];
  const primaryInterface = interfaces.find((nic) => isRecord(nic) && stringOf(nic.Type) === 'primary') ?? interfaces[0];
  const primaryIp = isRecord(primaryInterface) ? stringOf(primaryInterface.PrimaryIpAddress) : undefined;
  const stoppedMode = mapStoppedMode(raw.StoppedMode);
  const cpus = numberOf(raw.Cpus);
  const memoryMb = numberOf(raw.MemorySize);
  const osName = stringOf(raw.OsName);
  const createdAt = stringOf(raw.CreatedAt);
  return {
    instanceId,
    name: stringOf(raw.InstanceName) ?? '',
    regionId,
    zoneId: stringOf(raw.ZoneId) ?? '',
    status: mapEcsStatus(raw.Status),
    instanceTypeId: stringOf(raw.InstanceTypeId) ?? '',
    chargeType: stringOf(raw.InstanceChargeType) ?? '',
    ...(stoppedMode ? { stoppedMode } : {}),
    ...(cpus !== undefined ? { cpus } : {}),
    ...(memoryMb !== undefined ? { memoryMb } : {}),
    ...(osName ? { osName } : {}),
    ...(primaryIp ? { primaryIp } : {}),
    ...(createdAt ? { createdAt } : {}),
  };
}

function listOf(action: string, result: Record<string, unknown>, key: string, requestId?: string): unknown[] {
  const value = result[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: Result.${key} is not a list.`, ...(requestId ? { requestId } : {}) });
  }
  return value;
}

/** `InstanceIds.1` … `InstanceIds.N`, as the API numbers list parameters. */
function instanceIdsQuery(ids: readonly string[]): Query {
  return Object.fromEntries(ids.map((id, index) => [`InstanceIds.${index + 1}`, id]));
}

function powerQuery(request: PowerParameters & { clientToken?: string }): Query {
  return {
    ...(request.forceStop !== undefined ? { ForceStop: request.forceStop ? 'true' : 'false' } : {}),
    ...(request.stoppedMode ? { StoppedMode: request.stoppedMode } : {}),
    ...(request.clientToken ? { ClientToken: request.clientToken } : {}),
  };
}

/** Follows NextToken until it is empty; a repeated token would loop forever, so it is an error. */
async function paged(transport: Transport, regionId: string, action: string, base: Query, key: string, hooks?: CallHooks): Promise<unknown[]> {
  const items: unknown[] = [];
  const seen = new Set<string>();
  let next: string | undefined;
  for (;;) {
    const { result, requestId } = await transport.call(regionId, action, { ...base, ...(next ? { NextToken: next } : {}) }, true, hooks);
    items.push(...listOf(action, result, key, requestId));
    next = stringOf(result.NextToken);
    if (!next) return items;
    if (seen.has(next)) {
      throw new VolcengineError({ code: 'MalformedResponse', message: `${action}: the server repeated a NextToken.`, ...(requestId ? { requestId } : {}) });
    }
    seen.add(next);
  }
}

export function createVolcengineClient(options: VolcengineClientOptions): VolcengineClient {
  const transport = createTransport(options);

  return {
    endpoint: transport.endpoint,

    async listRegions(hooks) {
      const regions = await paged(transport, REGION_FOR_DESCRIBE_REGIONS, 'DescribeRegions', { MaxResults: 20 }, 'Regions', hooks);
      return regions.flatMap((region) => {
        const regionId = isRecord(region) ? stringOf(region.RegionId) : undefined;
        return regionId ? [{ regionId }] : [];
      });
    },

    async listInstances(regionId, filter, hooks) {
      const base: Query = { MaxResults: 100, ...(filter?.status ? { Status: filter.status } : {}) };
      const idGroups: string[][] = [];
      if (filter?.instanceIds) {
        if (filter.instanceIds.length === 0) return [];
        assertInstanceIds(filter.instanceIds);
        for (let i = 0; i < filter.instanceIds.length; i += MAX_IDS_PER_CALL) idGroups.push(filter.instanceIds.slice(i, i + MAX_IDS_PER_CALL));
      } else {
        idGroups.push([]);
      }
      const instances: EcsInstance[] = [];
      for (const ids of idGroups) {
        for (const raw of await paged(transport, regionId, 'DescribeInstances', { ...base, ...instanceIdsQuery(ids) }, 'Instances', hooks)) {
          const instance = mapInstance(regionId, raw);
          if (instance) instances.push(instance);
        }
      }
      return instances;
    },

    async instanceAction(regionId, action, request, hooks) {
      if (!request.instanceId) {
        throw new VolcengineError({ code: 'MissingParameter.InstanceId', message: VOLCENGINE_ERROR_CODES['MissingParameter.InstanceId'].message, category: 'invalidInput' });
      }
      assertInstanceIds([request.instanceId]);
      const query: Query = { InstanceId: request.instanceId, ...powerQuery(request), ...(request.dryRun ? { DryRun: 'true' } : {}) };
      try {
        const { httpStatus, requestId } = await transport.call(regionId, action, query, Boolean(request.clientToken) || Boolean(request.dryRun), hooks);
        return { httpStatus, ...(requestId ? { requestId } : {}), dryRunPassed: false };
      } catch (error) {
        // With DryRun, DryRunOperation is the answer "every check passed", not a failure.
        if (request.dryRun && error instanceof VolcengineError && error.code === 'DryRunOperation') {
          const { httpStatus = 0, requestId } = error.info;
          return { httpStatus, ...(requestId ? { requestId } : {}), dryRunPassed: true };
        }
        throw error;
      }
    },

    async instancesAction(regionId, action, request, hooks) {
      // Never an empty list: the cloud would refuse it, and nothing here may stand for "all".
      if (request.instanceIds.length === 0) throw new VolcengineError({ code: 'MissingParameter', message: `${action} needs at least one instance id.`, category: 'invalidInput' });
      if (request.instanceIds.length > MAX_IDS_PER_CALL) {
        throw new VolcengineError({ code: 'InvalidArgument', message: `${action} accepts at most ${MAX_IDS_PER_CALL} instance ids (got ${request.instanceIds.length}).`, category: 'invalidInput' });
      }
      assertInstanceIds(request.instanceIds);
      const query: Query = { ...powerQuery(request), ...instanceIdsQuery(request.instanceIds) };
      const { httpStatus, result, requestId } = await transport.call(regionId, action, query, Boolean(request.clientToken), hooks);
      const details: OperationDetail[] = [];
      for (const detail of listOf(action, result, 'OperationDetails', requestId)) {
        const instanceId = isRecord(detail) ? stringOf(detail.InstanceId) : undefined;
        if (!isRecord(detail) || !instanceId) continue;
        const error = isRecord(detail.Error) ? detail.Error : undefined;
        const code = error ? stringOf(error.Code) : undefined;
        details.push(code ? { instanceId, error: { code, message: transport.mask(stringOf(error?.Message) ?? code) } } : { instanceId });
      }
      return { httpStatus, ...(requestId ? { requestId } : {}), details };
    },

    dispose() {
      transport.dispose();
    },
  };
}
