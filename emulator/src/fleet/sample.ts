/**
 * The sample fleet used by `npm run emulator`, the demo and most tests. Ids are fixed so tests and
 * docs can name them.
 */
import type { AzurePowerStateCode, EcsStatusCode, FleetAzureInstance, FleetEcsInstance, FleetFile, FleetMaintenanceProfile } from '../core/types';

export const SAMPLE_TENANT_ID = '7f3c1a52-9d4e-4b8a-a6f1-2c5e8d9b0a41';
export const SAMPLE_SUBSCRIPTIONS = {
  production: '3f2b6c1e-8a4d-4f0b-9c7e-5d1a2b3c4e5f',
  devTest: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  legacyDisabled: '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
} as const;

function uniform(states: AzurePowerStateCode[], extra: (i: number) => Partial<FleetAzureInstance> = () => ({})): FleetAzureInstance[] {
  return states.map((powerState, i) => ({ instanceId: String(i), powerState, ...extra(i) }));
}

/**
 * vmss-web's planned maintenance, like a wave the portal shows: two instances in an open
 * self-service window, one with only Azure's scheduled window left, one already done; the rest
 * have none (no maintenanceRedeployStatus at all).
 */
const WEB_MAINTENANCE: Partial<Record<number, FleetMaintenanceProfile>> = { 2: 'selfServiceOpen', 3: 'selfServiceOpen', 8: 'scheduledOnly', 9: 'completed' };

const R: AzurePowerStateCode = 'running';
const S: AzurePowerStateCode = 'stopped';
const D: AzurePowerStateCode = 'deallocated';

function ecs(id: string, name: string, status: EcsStatusCode, more: Partial<FleetEcsInstance> = {}): FleetEcsInstance {
  return {
    instanceId: id, instanceName: name, status, instanceTypeId: 'ecs.g3i.large', instanceChargeType: 'PostPaid',
    cpus: 2, memorySize: 8192, osName: 'Ubuntu 22.04 64 bit', ...more,
  };
}

export function defaultFleet(): FleetFile {
  return {
    azure: {
      tenantId: SAMPLE_TENANT_ID,
      subscriptions: [
        {
          subscriptionId: SAMPLE_SUBSCRIPTIONS.production,
          displayName: 'Contoso Production',
          state: 'Enabled',
          resourceGroups: [
            {
              name: 'rg-web-prod', location: 'eastus',
              scaleSets: [
                {
                  // 24 instances: more than one page at the default page size (20).
                  name: 'vmss-web', orchestrationMode: 'Uniform', sku: { name: 'Standard_D2s_v5', tier: 'Standard' },
                  zones: ['1', '2', '3'],
                  instances: uniform(
                    [R, R, R, R, R, R, R, R, R, R, S, S, D, D, D, R, R, R, R, R, R, S, D, R],
                    (i) => ({ zone: String((i % 3) + 1), ...(WEB_MAINTENANCE[i] ? { maintenance: WEB_MAINTENANCE[i] } : {}) }),
                  ),
                },
                {
                  name: 'vmss-api', orchestrationMode: 'Flexible', hibernationEnabled: true,
                  sku: { name: 'Standard_D4s_v5', tier: 'Standard' }, zones: ['1', '2'],
                  instances: [
                    { instanceId: 'vmss-api_4f1c2a9e', powerState: R, zone: '1', maintenance: 'selfServiceOpen' },
                    { instanceId: 'vmss-api_7b3d5e10', powerState: R, zone: '2' },
                    { instanceId: 'vmss-api_a2c4e6f8', powerState: R, zone: '1' },
                    { instanceId: 'vmss-api_0d9e8f7a', powerState: S, zone: '2' },
                    { instanceId: 'vmss-api_5c6b7a89', powerState: D, hibernated: true, zone: '1' },
                    { instanceId: 'vmss-api_e1f2a3b4', powerState: D, zone: '2' },
                  ],
                },
              ],
            },
          ],
        },
        {
          subscriptionId: SAMPLE_SUBSCRIPTIONS.devTest,
          displayName: 'Contoso Dev/Test',
          state: 'Enabled',
          resourceGroups: [
            {
              name: 'rg-dev', location: 'westeurope',
              scaleSets: [
                {
                  name: 'vmss-dev', orchestrationMode: 'Uniform', sku: { name: 'Standard_B2s', tier: 'Standard' },
                  instances: uniform([R, R, S, D]),
                },
                {
                  name: 'vmss-jobs', orchestrationMode: 'Flexible', hibernationEnabled: false,
                  sku: { name: 'Standard_F4s_v2', tier: 'Standard' },
                  instances: [
                    { instanceId: 'vmss-jobs_1a2b3c4d', powerState: R },
                    { instanceId: 'vmss-jobs_5e6f7a8b', powerState: R },
                    { instanceId: 'vmss-jobs_9c0d1e2f', powerState: S },
                    // Starting it finds no capacity (AllocationFailed), as Azure may answer a deallocated VM.
                    { instanceId: 'vmss-jobs_3a4b5c6d', powerState: D, allocationFails: true },
                  ],
                },
              ],
            },
          ],
        },
        {
          subscriptionId: SAMPLE_SUBSCRIPTIONS.legacyDisabled,
          displayName: 'Contoso Legacy (disabled)',
          state: 'Disabled',
          resourceGroups: [
            {
              name: 'rg-legacy', location: 'centralus',
              scaleSets: [
                { name: 'vmss-legacy', orchestrationMode: 'Uniform', sku: { name: 'Standard_A2_v2', tier: 'Standard' }, instances: uniform([D, D]) },
              ],
            },
          ],
        },
      ],
    },
    volcengine: {
      regions: [
        {
          regionId: 'cn-beijing',
          zones: [
            {
              zoneId: 'cn-beijing-a',
              instances: [
                ecs('i-bj01a0000000000001', 'web-bj-01', 'RUNNING', { primaryIpAddress: '192.168.1.11' }),
                ecs('i-bj01a0000000000002', 'web-bj-02', 'RUNNING', { primaryIpAddress: '192.168.1.12' }),
                ecs('i-bj01a0000000000003', 'web-bj-03', 'STOPPED', { stoppedMode: 'KeepCharging', primaryIpAddress: '192.168.1.13' }),
                ecs('i-bj01a0000000000004', 'db-bj-01', 'RUNNING', { instanceChargeType: 'PrePaid', instanceTypeId: 'ecs.r3i.xlarge', cpus: 4, memorySize: 32768, primaryIpAddress: '192.168.1.21' }),
              ],
            },
            {
              zoneId: 'cn-beijing-b',
              instances: [
                ecs('i-bj02b0000000000005', 'batch-bj-01', 'STOPPED', { stoppedMode: 'StopCharging', primaryIpAddress: '192.168.2.11' }),
                ecs('i-bj02b0000000000006', 'batch-bj-02', 'RUNNING', { locked: true, primaryIpAddress: '192.168.2.12' }),
                ecs('i-bj02b0000000000007', 'batch-bj-03', 'RUNNING', { primaryIpAddress: '192.168.2.13' }),
              ],
            },
          ],
        },
        {
          regionId: 'cn-shanghai',
          zones: [
            {
              zoneId: 'cn-shanghai-a',
              instances: [
                ecs('i-sh01a0000000000008', 'web-sh-01', 'RUNNING', { primaryIpAddress: '172.16.1.11' }),
                ecs('i-sh01a0000000000009', 'web-sh-02', 'RUNNING', { creatingImage: true, primaryIpAddress: '172.16.1.12' }),
                ecs('i-sh01a0000000000010', 'web-sh-03', 'STOPPED', { stoppedMode: 'StopCharging', primaryIpAddress: '172.16.1.13' }),
                // Local-disk family: stopping it with StopCharging is refused.
                ecs('i-sh01a0000000000011', 'cache-sh-01', 'RUNNING', { instanceTypeId: 'ecs.i2.xlarge', cpus: 4, memorySize: 32768, primaryIpAddress: '172.16.1.21' }),
              ],
            },
            {
              zoneId: 'cn-shanghai-b',
              instances: [
                ecs('i-sh02b0000000000012', 'k8s-node-sh-01', 'RUNNING', { createdByOtherService: true, primaryIpAddress: '172.16.2.11' }),
                ecs('i-sh02b0000000000013', 'k8s-node-sh-02', 'RUNNING', { createdByOtherService: true, primaryIpAddress: '172.16.2.12' }),
                ecs('i-sh02b0000000000014', 'report-sh-01', 'STARTING', { primaryIpAddress: '172.16.2.13' }),
              ],
            },
          ],
        },
        {
          regionId: 'cn-guangzhou',
          zones: [
            {
              zoneId: 'cn-guangzhou-a',
              instances: [
                ecs('i-gz01a0000000000015', 'web-gz-01', 'RUNNING', { primaryIpAddress: '10.0.1.11' }),
                ecs('i-gz01a0000000000016', 'web-gz-02', 'RUNNING', { primaryIpAddress: '10.0.1.12' }),
                ecs('i-gz01a0000000000017', 'web-gz-03', 'STOPPED', { stoppedMode: 'KeepCharging', primaryIpAddress: '10.0.1.13' }),
                ecs('i-gz01a0000000000018', 'etl-gz-01', 'RUNNING', { instanceChargeType: 'PrePaid', primaryIpAddress: '10.0.1.21' }),
              ],
            },
            {
              zoneId: 'cn-guangzhou-b',
              instances: [
                ecs('i-gz02b0000000000019', 'etl-gz-02', 'RUNNING', { primaryIpAddress: '10.0.2.11' }),
                // Economical-stopped in a region out of stock: its start (and the DryRun check) fail.
                ecs('i-gz02b0000000000020', 'etl-gz-03', 'STOPPED', { stoppedMode: 'StopCharging', noStockOnStart: true, primaryIpAddress: '10.0.2.12' }),
              ],
            },
          ],
        },
      ],
    },
  };
}
