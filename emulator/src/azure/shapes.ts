/**
 * Response bodies shaped like the 2024-07-01 spec examples (reference/azure-examples): subscriptions,
 * scale sets, scale-set VMs, virtual machines and their instance views.
 */
import type { AzurePowerStateCode, FleetSubscription } from '../core/types';
import type { AzureState, ScaleSetRec, VmRec } from './state';

interface Status { code: string; level: 'Info' | 'Warning' | 'Error'; displayStatus: string; message?: string | null; time?: string | null }

const POWER_DISPLAY: Record<AzurePowerStateCode, string> = {
  running: 'VM running', stopped: 'VM stopped', deallocated: 'VM deallocated',
  starting: 'VM starting', stopping: 'VM stopping', deallocating: 'VM deallocating',
};

const PROVISIONING_DISPLAY: Record<string, string> = {
  Succeeded: 'Provisioning succeeded', Creating: 'Creating', Updating: 'Updating', Failed: 'Provisioning failed', Deleting: 'Deleting',
};

export function subscriptionBody(s: FleetSubscription, tenantId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: (s.managedByTenants ?? []).map((managing) => ({ tenantId: managing })),
    subscriptionId: s.subscriptionId,
    tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
    tags: {},
  };
}

export function statuses(vm: VmRec, createdAt: string): Status[] {
  const prov = vm.inst.provisioningState ?? 'Succeeded';
  const out: Status[] = [
    prov === 'Failed'
      ? { code: 'ProvisioningState/failed/InternalOperationError', level: 'Error', displayStatus: 'Provisioning failed', message: 'The VM failed to provision.', time: createdAt }
      : { code: `ProvisioningState/${prov.toLowerCase()}`, level: 'Info', displayStatus: PROVISIONING_DISPLAY[prov] ?? prov, time: createdAt },
    { code: `PowerState/${vm.inst.powerState}`, level: 'Info', displayStatus: POWER_DISPLAY[vm.inst.powerState] },
  ];
  if (vm.inst.hibernated && vm.inst.powerState === 'deallocated') {
    out.push({ code: 'HibernationState/Hibernated', level: 'Info', displayStatus: 'VM hibernated' });
  }
  return out;
}

export function vmInstanceView(state: AzureState, vm: VmRec, statusesOnly = false): Record<string, unknown> {
  const st = statuses(vm, vm.createdAt);
  if (statusesOnly) return { statuses: st };
  const index = Number.parseInt(vm.inst.instanceId, 10);
  const domain = Number.isFinite(index) ? index % 5 : 0;
  const running = vm.inst.powerState === 'running';
  // Absent unless maintenance is planned ("returned only if maintenance is planned").
  const maintenance = state.maintenance(vm);
  return {
    platformUpdateDomain: domain,
    platformFaultDomain: domain % 3,
    computerName: vm.inst.computerName ?? computerName(vm),
    osName: 'ubuntu',
    osVersion: '22.04',
    vmAgent: {
      vmAgentVersion: running ? '2.11.1.4' : 'Unknown',
      statuses: [running
        ? { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Ready', message: 'Guest Agent is running', time: vm.createdAt }
        : { code: 'ProvisioningState/Unavailable', level: 'Warning', displayStatus: 'Not Ready', message: 'VM status blob is found but not yet populated.', time: vm.createdAt }],
    },
    disks: [{
      name: `${vm.name}_OsDisk_1`,
      statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: vm.createdAt }],
    }],
    ...(maintenance ? { maintenanceRedeployStatus: maintenance } : {}),
    hyperVGeneration: 'V2',
    statuses: st,
  };
}

function computerName(vm: VmRec): string {
  if (vm.set.ss.orchestrationMode === 'Flexible') return vm.name.replace(/_/g, '').slice(0, 15);
  return `${vm.set.ss.name.replace(/[^a-zA-Z0-9]/g, '').slice(0, 9)}${Number(vm.inst.instanceId).toString(36).padStart(6, '0')}`;
}

function storageProfile(vm: VmRec): Record<string, unknown> {
  return {
    imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest', exactVersion: '22.04.202501150' },
    osDisk: {
      osType: 'Linux', name: `${vm.name}_OsDisk_1`, createOption: 'FromImage', caching: 'ReadWrite',
      managedDisk: { storageAccountType: 'Premium_LRS', id: `/subscriptions/${vm.set.sub.subscriptionId}/resourceGroups/${vm.set.rg.name}/providers/Microsoft.Compute/disks/${vm.name}_OsDisk_1` },
      diskSizeGB: 30, deleteOption: 'Delete',
    },
    dataDisks: [],
  };
}

/** Microsoft.Compute/virtualMachineScaleSets/virtualMachines (Uniform; Flexible only without instance view). */
export function scaleSetVmBody(state: AzureState, vm: VmRec, view: 'none' | 'full' | 'statuses'): Record<string, unknown> {
  const ss = vm.set.ss;
  const zone = vm.inst.zone;
  return {
    name: vm.name,
    id: ss.orchestrationMode === 'Flexible' ? `${vm.set.id}/virtualMachines/${vm.name}` : vm.id,
    type: 'Microsoft.Compute/virtualMachineScaleSets/virtualMachines',
    location: vm.set.location,
    tags: {},
    instanceId: vm.inst.instanceId,
    sku: { name: ss.sku.name, tier: ss.sku.tier ?? 'Standard' },
    ...(zone ? { zones: [zone] } : {}),
    properties: {
      latestModelApplied: true,
      modelDefinitionApplied: 'VirtualMachineScaleSet',
      vmId: vm.vmId,
      ...(ss.orchestrationMode === 'Flexible' ? { hardwareProfile: { vmSize: ss.sku.name } } : {}),
      storageProfile: storageProfile(vm),
      osProfile: { computerName: vm.inst.computerName ?? computerName(vm), adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true }, secrets: [], allowExtensionOperations: true },
      networkProfile: { networkInterfaces: [{ id: `${vm.id}/networkInterfaces/nic-${ss.name}` }] },
      provisioningState: vm.inst.provisioningState ?? 'Succeeded',
      ...(ss.hibernationEnabled !== undefined ? { additionalCapabilities: { hibernationEnabled: ss.hibernationEnabled } } : {}),
      ...(view !== 'none' ? { instanceView: vmInstanceView(state, vm, view === 'statuses') } : {}),
      timeCreated: vm.createdAt,
    },
  };
}

/** Microsoft.Compute/virtualMachines (a Flexible scale set's VM). */
export function virtualMachineBody(state: AzureState, vm: VmRec, withView: boolean): Record<string, unknown> {
  const ss = vm.set.ss;
  const zone = vm.inst.zone;
  return {
    name: vm.name,
    id: vm.id,
    type: 'Microsoft.Compute/virtualMachines',
    location: vm.set.location,
    tags: {},
    ...(zone ? { zones: [zone] } : {}),
    properties: {
      vmId: vm.vmId,
      hardwareProfile: { vmSize: ss.sku.name },
      virtualMachineScaleSet: { id: vm.set.id },
      storageProfile: storageProfile(vm),
      osProfile: { computerName: vm.inst.computerName ?? computerName(vm), adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true }, secrets: [], allowExtensionOperations: true },
      networkProfile: { networkInterfaces: [{ id: `/subscriptions/${vm.set.sub.subscriptionId}/resourceGroups/${vm.set.rg.name}/providers/Microsoft.Network/networkInterfaces/${vm.name}-nic` }] },
      ...(ss.hibernationEnabled !== undefined ? { additionalCapabilities: { hibernationEnabled: ss.hibernationEnabled } } : {}),
      provisioningState: vm.inst.provisioningState ?? 'Succeeded',
      ...(withView ? { instanceView: vmInstanceView(state, vm) } : {}),
      timeCreated: vm.createdAt,
    },
  };
}

export function scaleSetBody(state: AzureState, set: ScaleSetRec): Record<string, unknown> {
  const ss = set.ss;
  const flexible = ss.orchestrationMode === 'Flexible';
  const capacity = state.vms(set).length;
  return {
    name: ss.name,
    id: set.id,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: set.location,
    tags: {},
    sku: { name: ss.sku.name, tier: ss.sku.tier ?? 'Standard', capacity },
    ...(ss.zones ? { zones: ss.zones } : {}),
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: ss.orchestrationMode,
      ...(flexible ? { platformFaultDomainCount: 1 } : { upgradePolicy: { mode: 'Manual' }, overprovision: false, doNotRunExtensionsOnOverprovisionedVMs: false }),
      virtualMachineProfile: {
        osProfile: { computerNamePrefix: ss.name.replace(/[^a-zA-Z0-9]/g, '').slice(0, 9), adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, provisionVMAgent: true }, secrets: [], allowExtensionOperations: true },
        storageProfile: {
          imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
          osDisk: { osType: 'Linux', createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Premium_LRS' }, diskSizeGB: 30 },
        },
        networkProfile: {
          ...(flexible ? { networkApiVersion: '2020-11-01' } : {}),
          networkInterfaceConfigurations: [{
            name: `nic-${ss.name}`,
            properties: {
              primary: true, enableAcceleratedNetworking: false, enableIPForwarding: false, dnsSettings: { dnsServers: [] },
              ipConfigurations: [{ name: 'ipconfig1', properties: { primary: true, privateIPAddressVersion: 'IPv4', subnet: { id: `/subscriptions/${set.sub.subscriptionId}/resourceGroups/${set.rg.name}/providers/Microsoft.Network/virtualNetworks/vnet-${set.rg.name}/subnets/default` } } }],
            },
          }],
        },
      },
      ...(ss.hibernationEnabled !== undefined ? { additionalCapabilities: { hibernationEnabled: ss.hibernationEnabled } } : {}),
      provisioningState: 'Succeeded',
      uniqueId: set.uniqueId,
      timeCreated: '2025-01-15T08:30:00.0000000+00:00',
    },
  };
}

/** VirtualMachineScaleSetInstanceView (Uniform only). */
export function scaleSetInstanceViewBody(state: AzureState, set: ScaleSetRec): Record<string, unknown> {
  const counts = new Map<string, number>();
  for (const vm of state.vms(set)) {
    for (const s of statuses(vm, vm.createdAt)) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  }
  return {
    virtualMachine: { statusesSummary: [...counts].map(([code, count]) => ({ code, count })) },
    extensions: [],
    statuses: [{ code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded', time: '2025-01-15T08:30:00.0000000+00:00' }],
    orchestrationServices: [{ serviceName: 'AutomaticRepairs', serviceState: 'NotRunning' }],
  };
}
