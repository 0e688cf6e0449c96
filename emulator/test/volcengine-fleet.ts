/** A small ECS fleet covering every state and flag the StopInstance error table depends on. */
import type { FleetEcsInstance, FleetEcsRegion } from '../src/core/types';

const base = (instanceId: string, extra: Partial<FleetEcsInstance> = {}): FleetEcsInstance => ({
  instanceId,
  instanceName: instanceId.replace(/^i-/, 'vm-'),
  status: 'RUNNING',
  instanceTypeId: 'ecs.g3i.large',
  instanceChargeType: 'PostPaid',
  ...extra,
});

export function testRegions(): FleetEcsRegion[] {
  const many = Array.from({ length: 25 }, (_, n) => base(`i-bulk${String(n).padStart(3, '0')}`, { instanceName: 'bulk' }));
  return [
    {
      regionId: 'cn-beijing',
      zones: [
        {
          zoneId: 'cn-beijing-a',
          instances: [
            base('i-run1', { primaryIpAddress: '10.0.0.11', cpus: 4, memorySize: 16384, osName: 'Debian 12 64 bit' }),
            base('i-run2'),
            base('i-stopped', { status: 'STOPPED', stoppedMode: 'KeepCharging' }),
            base('i-prepaid', { instanceChargeType: 'PrePaid' }),
            base('i-baremetal', { instanceTypeId: 'ecs.ebmg2t.32xlarge' }),
            base('i-locked', { locked: true }),
            base('i-image', { creatingImage: true }),
            base('i-othersvc', { createdByOtherService: true }),
            base('i-scheduled', { scheduledInstance: true }),
            base('i-ddh', { dedicatedHostUnavailable: true }),
          ],
        },
        { zoneId: 'cn-beijing-b', instances: many },
      ],
    },
    { regionId: 'cn-shanghai', zones: [{ zoneId: 'cn-shanghai-a', instances: [base('i-sh1')] }] },
    { regionId: 'ap-southeast-1', zones: [{ zoneId: 'ap-southeast-1a', instances: [] }] },
  ];
}

export const TEST_CREDENTIALS = { accessKeyId: 'AKLTemulatortest', secretKey: 'c2VjcmV0LWZvci10ZXN0cw==' };
