/** Large deterministic fleets for benchmarks. */
import { createHash } from 'node:crypto';
import type { AzurePowerStateCode, EcsStatusCode, FleetFile, FleetMaintenanceProfile, FleetScaleSet, FleetSubscription } from '../core/types';
import { seededRandom } from '../core/random';

export interface GenerateOptions {
  subscriptions?: number;
  scaleSetsPerSubscription?: number;
  vmsPerScaleSet?: number;
  regions?: number;
  instancesPerRegion?: number;
  seed?: number;
}

const AZURE_LOCATIONS = ['eastus', 'westus2', 'westeurope', 'northeurope', 'southeastasia', 'japaneast'];
const VOLC_REGIONS = ['cn-beijing', 'cn-shanghai', 'cn-guangzhou', 'ap-southeast-1', 'cn-hongkong', 'ap-southeast-3'];

function guid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hex8(seed: string): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, 8);
}

/**
 * About one VM in 25 in an open self-service window, one in 100 with only the scheduled window
 * left, one in 100 completed, the rest with none. Drawn from a hash of the VM, not from the seeded
 * stream, so the power states stay what they were before maintenance was emulated.
 */
function maintenanceOf(vmSeed: string): { maintenance?: FleetMaintenanceProfile } {
  const x = Number.parseInt(hex8(`${vmSeed}-maintenance`), 16) / 0xffffffff;
  if (x < 0.04) return { maintenance: 'selfServiceOpen' };
  if (x < 0.05) return { maintenance: 'scheduledOnly' };
  if (x < 0.06) return { maintenance: 'completed' };
  return {};
}

export function generateFleet(o: GenerateOptions = {}): FleetFile {
  const subs = o.subscriptions ?? 20;
  const perSub = o.scaleSetsPerSubscription ?? 10;
  const perSet = o.vmsPerScaleSet ?? 50;
  const regionCount = Math.min(o.regions ?? 6, VOLC_REGIONS.length);
  const perRegion = o.instancesPerRegion ?? 500;
  const seed = o.seed ?? 1;
  const rnd = seededRandom(seed);
  const power = (): AzurePowerStateCode => {
    const x = rnd();
    return x < 0.7 ? 'running' : x < 0.85 ? 'stopped' : 'deallocated';
  };

  const subscriptions: FleetSubscription[] = [];
  for (let s = 0; s < subs; s++) {
    const subscriptionId = guid(`sub-${seed}-${s}`);
    const location = AZURE_LOCATIONS[s % AZURE_LOCATIONS.length] ?? 'eastus';
    const scaleSets: FleetScaleSet[] = [];
    for (let k = 0; k < perSub; k++) {
      const flexible = k % 2 === 1;
      const name = `vmss-${String(s).padStart(2, '0')}-${String(k).padStart(2, '0')}`;
      scaleSets.push({
        name, location, orchestrationMode: flexible ? 'Flexible' : 'Uniform', hibernationEnabled: flexible && k % 4 === 1,
        sku: { name: flexible ? 'Standard_D4s_v5' : 'Standard_D2s_v5', tier: 'Standard' }, zones: ['1', '2', '3'],
        instances: Array.from({ length: perSet }, (_, i) => ({
          instanceId: flexible ? `${name}_${hex8(`${subscriptionId}-${name}-${i}`)}` : String(i),
          powerState: power(),
          zone: String((i % 3) + 1),
          ...maintenanceOf(`${subscriptionId}-${name}-${i}`),
        })),
      });
    }
    subscriptions.push({
      subscriptionId, displayName: `Bench Subscription ${s + 1}`, state: 'Enabled',
      resourceGroups: [{ name: `rg-bench-${s}`, location, scaleSets }],
    });
  }

  const statuses: EcsStatusCode[] = ['RUNNING', 'RUNNING', 'RUNNING', 'STOPPED'];
  const regions = VOLC_REGIONS.slice(0, regionCount).map((regionId, r) => ({
    regionId,
    zones: ['a', 'b'].map((z, zi) => ({
      // Real zone ids: cn-beijing-a, but ap-southeast-1a (no hyphen before the letter).
      zoneId: regionId.startsWith('ap-') ? `${regionId}${z}` : `${regionId}-${z}`,
      instances: Array.from({ length: Math.ceil(perRegion / 2) - (zi === 1 && perRegion % 2 ? 1 : 0) }, (_, i) => {
        const n = zi * Math.ceil(perRegion / 2) + i;
        const status = statuses[Math.floor(rnd() * statuses.length)] ?? 'RUNNING';
        return {
          instanceId: `i-${hex8(`${seed}-${r}-${n}`)}${hex8(`${seed}-${n}-${r}`).slice(0, 4)}${String(n).padStart(6, '0')}`,
          instanceName: `bench-${regionId}-${n}`,
          status,
          instanceTypeId: 'ecs.g3i.large',
          instanceChargeType: 'PostPaid' as const,
          ...(status === 'STOPPED' ? { stoppedMode: 'KeepCharging' as const } : {}),
          cpus: 2, memorySize: 8192, osName: 'Ubuntu 22.04 64 bit',
        };
      }),
    })),
  }));

  return { azure: { tenantId: guid(`tenant-${seed}`), subscriptions }, volcengine: { regions } };
}
