/**
 * The Volcengine ECS OpenAPI surface (Version 2020-04-01) of the emulator.
 */
import type { EmuRequest, EmuResponse, FleetEcsRegion, EcsStatusCode } from '../core/types';

export { canonicalRequest, stringToSign, signature, verify } from './signing';

export interface VolcSurface {
  handle(req: EmuRequest): Promise<EmuResponse>;
  /** The Volcengine error envelope for an injected fault (throttle → 429 FlowLimitExceeded, 500 InternalError, Insufficient.InstanceCapacity…). */
  errorResponse(action: string, httpStatus: number, code: string, message: string): EmuResponse;
  snapshot(): FleetEcsRegion[];
  setStatus(instanceId: string, status: EcsStatusCode, stoppedMode?: 'KeepCharging' | 'StopCharging'): void;
  dispose(): void;
}

export interface VolcSurfaceOptions {
  regions: FleetEcsRegion[];
  credentials: { accessKeyId: string; secretKey: string };
  transitionMs: number;
  now?: () => number;
}

export function createVolcSurface(opts: VolcSurfaceOptions): VolcSurface {
  let regions = structuredClone(opts.regions);
  const errorResponse = (action: string, httpStatus: number, code: string, message: string): EmuResponse => ({
    status: httpStatus,
    operation: action,
    json: { ResponseMetadata: { RequestId: '', Action: action, Version: '2020-04-01', Service: 'ecs', Region: '', Error: { Code: code, Message: message } } },
  });
  return {
    handle(req) {
      const action = req.url.searchParams.get('Action') ?? '';
      return Promise.resolve(errorResponse(action, 404, 'InvalidActionOrVersion', `Could not find operation ${action} for version 2020-04-01.`));
    },
    errorResponse,
    snapshot: () => structuredClone(regions),
    setStatus(instanceId, status, stoppedMode) {
      for (const r of regions) for (const z of r.zones) for (const i of z.instances) if (i.instanceId === instanceId) { i.status = status; i.stoppedMode = stoppedMode; }
    },
    dispose() { regions = []; },
  };
}
