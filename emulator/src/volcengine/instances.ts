/**
 * The DescribeInstances view of an instance: the fields the fleet file gives, plus stable
 * derived values (VPC, subnet, MAC, creation time) so repeated calls agree.
 */
import type { InstanceState } from './state';

function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function hex(n: number, len: number): string {
  return n.toString(16).padStart(len, '0').slice(-len);
}

/** `ecs.g3i.2xlarge` → 8 vCPU; memory per vCPU by family letter (c 2 GiB, g 4 GiB, r 8 GiB). */
export function shapeOf(instanceTypeId: string): { cpus: number; memoryMiB: number } {
  const parts = instanceTypeId.split('.');
  const size = parts[2] ?? 'large';
  const family = parts[1] ?? 'g';
  const sizes: Record<string, number> = { small: 1, medium: 1, large: 2, xlarge: 4 };
  const m = /^(\d+)xlarge$/.exec(size);
  const cpus = m ? Number(m[1]) * 4 : (sizes[size] ?? 2);
  const perCpu = family.startsWith('c') ? 2 : family.startsWith('r') ? 8 : 4;
  return { cpus, memoryMiB: cpus * perCpu * 1024 };
}

/** RFC 3339 in Beijing time, as ECS reports CreatedAt. */
function beijingTime(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

export function describeInstance(inst: InstanceState): Record<string, unknown> {
  const d = inst.data;
  const h = hash32(d.instanceId);
  const shape = shapeOf(d.instanceTypeId);
  const vpcId = `vpc-${hex(hash32(inst.regionId), 8)}emu`;
  const subnetId = `subnet-${hex(hash32(inst.zoneId), 8)}emu`;
  const ip = d.primaryIpAddress ?? `192.168.${(h >>> 8) & 0xff}.${(h & 0xfe) + 1}`;
  const created = Date.UTC(2024, 0, 1) + (h % (365 * 24 * 3600)) * 1000;
  const prePaid = d.instanceChargeType === 'PrePaid';
  return {
    InstanceId: d.instanceId,
    InstanceName: d.instanceName,
    Description: '',
    HostName: d.instanceName.toLowerCase().replace(/[^a-z0-9-]/g, '-'),
    Status: d.status,
    StoppedMode: d.status === 'STOPPED' || d.status === 'STOPPING' ? (d.stoppedMode ?? 'KeepCharging') : '',
    InstanceTypeId: d.instanceTypeId,
    ZoneId: inst.zoneId,
    VpcId: vpcId,
    Cpus: d.cpus ?? shape.cpus,
    MemorySize: d.memorySize ?? shape.memoryMiB,
    ImageId: `image-${hex(h, 8)}emu`,
    OsName: d.osName ?? 'Ubuntu 22.04 64 bit',
    OsType: (d.osName ?? '').toLowerCase().includes('windows') ? 'Windows' : 'Linux',
    InstanceChargeType: d.instanceChargeType,
    CreatedAt: beijingTime(created),
    UpdatedAt: beijingTime(created),
    ExpiredAt: prePaid ? beijingTime(created + 365 * 24 * 3600_000) : '',
    ProjectName: 'default',
    Tags: [],
    SpotStrategy: 'NoSpot',
    DeletionProtection: false,
    Uuid: `${hex(h, 8)}-${hex(h >>> 3, 4)}-4${hex(h >>> 7, 3)}-8${hex(h >>> 11, 3)}-${hex(hash32(`${d.instanceId}#`), 8)}${hex(h, 4)}`,
    KeyPairName: '',
    NetworkInterfaces: [{
      NetworkInterfaceId: `eni-${hex(h, 8)}emu`,
      PrimaryIpAddress: ip,
      MacAddress: `00:16:3e:${hex((h >>> 16) & 0xff, 2)}:${hex((h >>> 8) & 0xff, 2)}:${hex(h & 0xff, 2)}`,
      SubnetId: subnetId,
      VpcId: vpcId,
      Type: 'primary',
      Ipv6Addresses: [],
    }],
  };
}
