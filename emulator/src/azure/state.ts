/**
 * Live Azure fleet state: scale sets and their VMs, power-state transitions that settle against the
 * clock, and the long-running operations that drive them.
 */
import { createHash, randomUUID } from 'node:crypto';
import type {
  AzurePowerStateCode, FleetAzureInstance, FleetFile, FleetMaintenanceProfile, FleetMaintenanceStatus, FleetResourceGroup,
  FleetScaleSet, FleetSubscription,
} from '../core/types';
import { initialMaintenance, maintenanceProfile } from './maintenance';

export type VmAction = 'powerOff' | 'deallocate' | 'performMaintenance' | 'start' | 'restart';

export interface ScaleSetRec {
  sub: FleetSubscription;
  rg: FleetResourceGroup;
  ss: FleetScaleSet;
  id: string;
  location: string;
  uniqueId: string;
}

export interface VmRec {
  set: ScaleSetRec;
  inst: FleetAzureInstance;
  /** VM name: Uniform `${scaleSet}_${instanceId}`, Flexible the instance id. */
  name: string;
  /** Resource id: Uniform …/virtualMachineScaleSets/{ss}/virtualMachines/{id}; Flexible …/virtualMachines/{name}. */
  id: string;
  vmId: string;
  createdAt: string;
}

interface Busy {
  action: VmAction;
  until: number;
  /** State to land in when the operation ends; undefined keeps the power state (performMaintenance). */
  target?: AzurePowerStateCode;
  hibernate: boolean;
  /** Failed / canceled operations leave the VM as it was. */
  revert: boolean;
  before: { powerState: AzurePowerStateCode; hibernated: boolean };
}

export type LroOutcome = 'Succeeded' | 'Failed' | 'Canceled';

/** One action the emulator carried out on one VM (accepted, whatever the LRO's outcome). */
export interface AzureEffect {
  at: number;
  action: VmAction;
  /** The VM's resource id as the emulator lists it. */
  vmId: string;
}

export interface Lro {
  id: string;
  subscriptionId: string;
  location: string;
  operation: VmAction;
  startedAt: number;
  endsAt: number;
  outcome: LroOutcome;
  error?: { code: string; message: string };
  /** How a succeeded operation's status URLs answer at the end when a fault shaped it (lroNoContent, lroOddBody). */
  ending?: 'noContent' | 'oddBody';
}

function stableGuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const key = (...parts: string[]) => parts.map((p) => p.toLowerCase()).join('/');

export class AzureState {
  readonly fleet: FleetFile['azure'];
  private readonly scaleSets = new Map<string, ScaleSetRec>();
  private readonly vmsBySet = new Map<ScaleSetRec, VmRec[]>();
  private readonly flexVms = new Map<string, VmRec>();
  private readonly busy = new Map<VmRec, Busy>();
  private readonly lros = new Map<string, Lro>();
  private readonly effectLog: AzureEffect[] = [];
  private readonly created = new Date(Date.UTC(2025, 0, 15, 8, 30, 0)).toISOString();

  constructor(fleet: FleetFile['azure'], private readonly now: () => number = Date.now) {
    this.fleet = structuredClone(fleet);
    for (const sub of this.fleet.subscriptions) {
      for (const rg of sub.resourceGroups) {
        for (const ss of rg.scaleSets) {
          const id = `/subscriptions/${sub.subscriptionId}/resourceGroups/${rg.name}/providers/Microsoft.Compute/virtualMachineScaleSets/${ss.name}`;
          const set: ScaleSetRec = { sub, rg, ss, id, location: ss.location ?? rg.location, uniqueId: stableGuid(id) };
          this.scaleSets.set(key(sub.subscriptionId, rg.name, ss.name), set);
          // Profiles and the maintenanceEligible shorthand become the status served from now on.
          for (const inst of ss.instances) {
            const maintenance = initialMaintenance(inst, ss, this.now());
            if (maintenance) inst.maintenance = maintenance;
            else delete inst.maintenance;
            delete inst.maintenanceEligible;
          }
          const vms = ss.instances.map((inst) => this.vmRec(set, inst));
          this.vmsBySet.set(set, vms);
          if (ss.orchestrationMode === 'Flexible') for (const vm of vms) this.flexVms.set(key(sub.subscriptionId, rg.name, vm.name), vm);
        }
      }
    }
  }

  private vmRec(set: ScaleSetRec, inst: FleetAzureInstance): VmRec {
    const rgPrefix = `/subscriptions/${set.sub.subscriptionId}/resourceGroups/${set.rg.name}/providers/Microsoft.Compute`;
    if (set.ss.orchestrationMode === 'Flexible') {
      const name = inst.name ?? inst.instanceId;
      const id = `${rgPrefix}/virtualMachines/${name}`;
      return { set, inst, name, id, vmId: stableGuid(id), createdAt: this.created };
    }
    const name = inst.name ?? `${set.ss.name}_${inst.instanceId}`;
    const id = `${set.id}/virtualMachines/${inst.instanceId}`;
    return { set, inst, name, id, vmId: stableGuid(id), createdAt: this.created };
  }

  subscription(id: string): FleetSubscription | undefined {
    return this.fleet.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
  }

  resourceGroup(sub: FleetSubscription, rg: string): FleetResourceGroup | undefined {
    return sub.resourceGroups.find((r) => r.name.toLowerCase() === rg.toLowerCase());
  }

  scaleSet(sub: string, rg: string, ss: string): ScaleSetRec | undefined {
    return this.scaleSets.get(key(sub, rg, ss));
  }

  scaleSetsOf(sub: FleetSubscription, rg?: FleetResourceGroup): ScaleSetRec[] {
    return [...this.scaleSets.values()].filter((s) => s.sub === sub && (rg === undefined || s.rg === rg));
  }

  vms(set: ScaleSetRec): VmRec[] {
    const vms = this.vmsBySet.get(set) ?? [];
    for (const vm of vms) this.settle(vm);
    return vms;
  }

  flexVm(sub: string, rg: string, name: string): VmRec | undefined {
    const vm = this.flexVms.get(key(sub, rg, name));
    if (vm) this.settle(vm);
    return vm;
  }

  /** Flexible VMs (Microsoft.Compute/virtualMachines) of a subscription or resource group. */
  flexVmsOf(sub: FleetSubscription, rg?: FleetResourceGroup): VmRec[] {
    const out: VmRec[] = [];
    for (const set of this.scaleSetsOf(sub, rg)) if (set.ss.orchestrationMode === 'Flexible') out.push(...this.vms(set));
    return out;
  }

  allVms(): VmRec[] {
    return [...this.vmsBySet.keys()].flatMap((s) => this.vms(s));
  }

  /** By resource id, vmId, or VM name (Uniform `${scaleSet}_${instanceId}` / Flexible name). */
  findVm(idOrName: string): VmRec | undefined {
    const k = idOrName.toLowerCase();
    return this.allVms().find((vm) => vm.id.toLowerCase() === k || vm.vmId === k || vm.name.toLowerCase() === k);
  }

  /** The VM's maintenanceRedeployStatus; undefined when no maintenance is planned. */
  maintenance(vm: VmRec): FleetMaintenanceStatus | undefined {
    const status = vm.inst.maintenance;
    return typeof status === 'object' ? status : undefined;
  }

  eligible(vm: VmRec): boolean {
    return this.maintenance(vm)?.isCustomerInitiatedMaintenanceAllowed === true;
  }

  /** Applies a finished transition. */
  settle(vm: VmRec): void {
    const b = this.busy.get(vm);
    if (!b || this.now() < b.until) return;
    this.busy.delete(vm);
    if (b.revert) {
      vm.inst.powerState = b.before.powerState;
      setHibernated(vm.inst, b.before.hibernated);
      return;
    }
    if (b.target) vm.inst.powerState = b.target;
    if (b.action === 'deallocate') setHibernated(vm.inst, b.hibernate);
    if (b.action === 'start') setHibernated(vm.inst, false);
    // Maintenance done: nothing is planned any more, and the status is returned only while
    // maintenance is planned (maintenance-notifications doc), so it goes away.
    if (b.action === 'performMaintenance') delete vm.inst.maintenance;
  }

  busyWith(vm: VmRec): VmAction | undefined {
    this.settle(vm);
    return this.busy.get(vm)?.action;
  }

  /** Starts the transition of one VM; the caller has validated it. */
  begin(vm: VmRec, action: VmAction, opts: { hibernate: boolean; until: number; revert: boolean }): void {
    this.settle(vm);
    // Logged even when the VM is already there: the action was still carried out (and counts as a repeat).
    this.effectLog.push({ at: this.now(), action, vmId: vm.id });
    const before = { powerState: vm.inst.powerState, hibernated: vm.inst.hibernated === true };
    const p = vm.inst.powerState;
    let transitional: AzurePowerStateCode | undefined;
    let target: AzurePowerStateCode | undefined;
    if (action === 'powerOff' && p !== 'stopped') { transitional = 'stopping'; target = 'stopped'; }
    if (action === 'deallocate' && p !== 'deallocated') { transitional = 'deallocating'; target = 'deallocated'; }
    if (action === 'start' && p !== 'running') { transitional = 'starting'; target = 'running'; }
    // No power state says "restarting" (azure-arm.md lifecycle table): the VM reports starting until it runs again.
    if (action === 'restart') { transitional = 'starting'; target = 'running'; }
    if (action !== 'performMaintenance' && !target) return; // already there: nothing to do
    if (transitional) vm.inst.powerState = transitional;
    this.busy.set(vm, { action, until: opts.until, hibernate: opts.hibernate, revert: opts.revert, before, ...(target ? { target } : {}) });
  }

  addLro(l: Omit<Lro, 'id'>): Lro {
    const lro = { ...l, id: randomUUID() };
    this.lros.set(lro.id, lro);
    return lro;
  }

  lro(id: string): Lro | undefined {
    return this.lros.get(id.toLowerCase());
  }

  /** Every action carried out so far, oldest first (optionally only those on one VM, by id or name). */
  effects(idOrName?: string): AzureEffect[] {
    const vm = idOrName === undefined ? undefined : this.findVm(idOrName);
    return this.effectLog.filter((e) => vm === undefined || e.vmId === vm.id).map((e) => ({ ...e }));
  }

  setPowerState(idOrName: string, state: AzurePowerStateCode, hibernated?: boolean): void {
    const vm = this.findVm(idOrName);
    if (!vm) throw new Error(`No VM '${idOrName}' in the fleet`);
    this.busy.delete(vm);
    vm.inst.powerState = state;
    setHibernated(vm.inst, state === 'deallocated' && hibernated === true);
  }

  /** Whether starting this VM now would need new hardware that the emulator is told is not there. */
  allocationFails(vm: VmRec): boolean {
    const p = vm.inst.powerState;
    return vm.inst.allocationFails === true && (p === 'deallocated' || p === 'deallocating');
  }

  setAllocationFailure(idOrName: string, fails: boolean): void {
    const vm = this.findVm(idOrName);
    if (!vm) throw new Error(`No VM '${idOrName}' in the fleet`);
    if (fails) vm.inst.allocationFails = true;
    else delete vm.inst.allocationFails;
  }

  setMaintenanceEligible(idOrName: string, eligible: boolean): void {
    const vm = this.findVm(idOrName);
    if (!vm) throw new Error(`No VM '${idOrName}' in the fleet`);
    if (eligible) vm.inst.maintenance = maintenanceProfile('selfServiceOpen', this.now());
    else delete vm.inst.maintenance;
  }

  /** Sets the VM's maintenanceRedeployStatus (a profile is placed around now); null: nothing planned. */
  setMaintenance(idOrName: string, status: FleetMaintenanceProfile | FleetMaintenanceStatus | null): void {
    const vm = this.findVm(idOrName);
    if (!vm) throw new Error(`No VM '${idOrName}' in the fleet`);
    if (status === null) delete vm.inst.maintenance;
    else vm.inst.maintenance = typeof status === 'string' ? maintenanceProfile(status, this.now()) : structuredClone(status);
  }

  snapshot(): FleetFile['azure'] {
    this.allVms();
    return structuredClone(this.fleet);
  }
}

function setHibernated(inst: FleetAzureInstance, on: boolean): void {
  if (on) inst.hibernated = true;
  else delete inst.hibernated;
}
