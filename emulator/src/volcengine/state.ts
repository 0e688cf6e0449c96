/**
 * Live state of the emulated ECS fleet: instances by region and zone, transitional statuses
 * that settle after `transitionMs` (evaluated lazily against the clock, so no timers), and a
 * log of every effect a power action had.
 */
import type { EcsStatusCode, FleetEcsInstance, FleetEcsRegion } from '../core/types';

export type StoppedMode = 'KeepCharging' | 'StopCharging';

export interface InstanceState {
  regionId: string;
  zoneId: string;
  data: FleetEcsInstance;
  /** A transitional status and when it settles. */
  transition?: { to: EcsStatusCode; at: number };
}

export interface EcsEffect {
  at: number;
  action: string;
  instanceId: string;
  forceStop?: boolean;
  stoppedMode?: StoppedMode;
}

export class EcsFleetState {
  private readonly regions: { regionId: string; zones: { zoneId: string; instances: InstanceState[] }[] }[];
  private readonly byId = new Map<string, InstanceState>();
  private readonly log: EcsEffect[] = [];

  constructor(regions: FleetEcsRegion[], private readonly transitionMs: number, private readonly now: () => number) {
    this.regions = regions.map((r) => ({
      regionId: r.regionId,
      zones: r.zones.map((z) => ({
        zoneId: z.zoneId,
        instances: z.instances.map((i) => {
          const state: InstanceState = { regionId: r.regionId, zoneId: z.zoneId, data: structuredClone(i) };
          this.byId.set(i.instanceId, state);
          return state;
        }),
      })),
    }));
  }

  regionIds(): string[] {
    return this.regions.map((r) => r.regionId);
  }

  hasRegion(regionId: string): boolean {
    return this.regions.some((r) => r.regionId === regionId);
  }

  zoneIds(regionId: string): string[] {
    return this.regions.find((r) => r.regionId === regionId)?.zones.map((z) => z.zoneId) ?? [];
  }

  /** Instances of a region in fleet order, settled. */
  instancesIn(regionId: string): InstanceState[] {
    const region = this.regions.find((r) => r.regionId === regionId);
    if (!region) return [];
    const list = region.zones.flatMap((z) => z.instances);
    list.forEach((i) => this.settle(i));
    return list;
  }

  /** An instance of the given region (instances are regional resources), settled. */
  find(regionId: string, instanceId: string): InstanceState | undefined {
    const inst = this.byId.get(instanceId);
    if (!inst || inst.regionId !== regionId) return undefined;
    this.settle(inst);
    return inst;
  }

  private settle(inst: InstanceState): void {
    if (inst.transition && this.now() >= inst.transition.at) {
      inst.data.status = inst.transition.to;
      inst.transition = undefined;
    }
  }

  stop(inst: InstanceState, action: string, forceStop: boolean, stoppedMode: StoppedMode): void {
    inst.data.stoppedMode = stoppedMode;
    this.begin(inst, 'STOPPING', 'STOPPED');
    this.log.push({ at: this.now(), action, instanceId: inst.data.instanceId, forceStop, stoppedMode });
  }

  start(inst: InstanceState, action: string): void {
    delete inst.data.stoppedMode;
    this.begin(inst, 'STARTING', 'RUNNING');
    this.log.push({ at: this.now(), action, instanceId: inst.data.instanceId });
  }

  /** RUNNING → REBOOTING → RUNNING; `forceStop` as it took effect (bare metal is always forced). */
  reboot(inst: InstanceState, action: string, forceStop: boolean): void {
    this.begin(inst, 'REBOOTING', 'RUNNING');
    this.log.push({ at: this.now(), action, instanceId: inst.data.instanceId, forceStop });
  }

  private begin(inst: InstanceState, during: EcsStatusCode, after: EcsStatusCode): void {
    if (this.transitionMs <= 0) {
      inst.data.status = after;
      inst.transition = undefined;
    } else {
      inst.data.status = during;
      inst.transition = { to: after, at: this.now() + this.transitionMs };
    }
  }

  /** Control API: put an instance in a status at once (no effect recorded). */
  setStatus(instanceId: string, status: EcsStatusCode, stoppedMode?: StoppedMode): void {
    const inst = this.byId.get(instanceId);
    if (!inst) throw new Error(`Unknown ECS instance ${instanceId}`);
    inst.transition = undefined;
    inst.data.status = status;
    if (status === 'STOPPED' || status === 'STOPPING') inst.data.stoppedMode = stoppedMode ?? 'KeepCharging';
    else delete inst.data.stoppedMode;
  }

  /** Control API: a start after an economical stop finds no stock while this is set. */
  setOutOfStock(instanceId: string, outOfStock: boolean): void {
    const inst = this.byId.get(instanceId);
    if (!inst) throw new Error(`Unknown ECS instance ${instanceId}`);
    if (outOfStock) inst.data.noStockOnStart = true;
    else delete inst.data.noStockOnStart;
  }

  effects(instanceId?: string): EcsEffect[] {
    return this.log.filter((e) => instanceId === undefined || e.instanceId === instanceId).map((e) => ({ ...e }));
  }

  snapshot(): FleetEcsRegion[] {
    return this.regions.map((r) => ({
      regionId: r.regionId,
      zones: r.zones.map((z) => ({
        zoneId: z.zoneId,
        instances: z.instances.map((i) => {
          this.settle(i);
          return structuredClone(i.data);
        }),
      })),
    }));
  }
}
