/**
 * `npm run emulator [-- --fleet <file> --port <n> --latency <ms>[±jitter] --seed <n>]`
 * Starts the emulator with the sample fleet (or a fleet file) and prints how to reach it. Ctrl+C stops it.
 */
import { readFileSync } from 'node:fs';
import { EMULATOR_BIN_DIR, startEmulator, type EmulatorOptions } from './index';
import type { FleetFile } from './core/types';

const USAGE = `Usage: npm run emulator -- [--fleet <file.json>] [--port <arm port>] [--volc-port <port>]
                            [--latency <ms>[±<jitter ms>]] [--seed <n>] [--transition <ms>] [--page-size <n>]`;

function parseArgs(argv: string[]): EmulatorOptions {
  const o: EmulatorOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (v: string): number => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag}: '${v}' is not a non-negative integer`);
      return n;
    };
    switch (flag) {
      case '--fleet': {
        const file = value();
        try {
          o.fleet = JSON.parse(readFileSync(file, 'utf8')) as FleetFile;
        } catch (e) {
          throw new Error(`--fleet ${file}: ${e instanceof Error ? e.message : String(e)}`);
        }
        break;
      }
      case '--port': o.armPort = int(value()); break;
      case '--volc-port': o.volcPort = int(value()); break;
      case '--seed': o.seed = int(value()); break;
      case '--transition': o.transitionMs = int(value()); break;
      case '--page-size': o.pageSize = int(value()); break;
      case '--latency': {
        const m = /^(\d+)(?:(?:±|\+-|\+\/-|~)(\d+))?$/.exec(value());
        if (!m) throw new Error('--latency takes <ms> or <ms>±<jitter>, e.g. 30±10');
        o.latencyMs = Number(m[1]);
        if (m[2] !== undefined) o.jitterMs = Number(m[2]);
        break;
      }
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: throw new Error(`Unknown option ${flag}\n${USAGE}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(2);
  }
  let emu;
  try {
    emu = await startEmulator(opts);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  const env = emu.env();
  const fleet = emu.state();
  const vmCount = fleet.azure.subscriptions.flatMap((s) => s.resourceGroups.flatMap((g) => g.scaleSets.flatMap((x) => x.instances))).length;
  const ecsCount = fleet.volcengine.regions.flatMap((r) => r.zones.flatMap((z) => z.instances)).length;
  console.log(`Fleet Power cloud emulator is running (${fleet.azure.subscriptions.length} subscriptions, ${vmCount} VMs; ${fleet.volcengine.regions.length} Volcengine regions, ${ecsCount} instances).

  Azure Resource Manager   ${emu.armUrl}
  Volcengine ECS           ${emu.volcUrl}
  CA certificate           ${emu.caPath}
                           export NODE_EXTRA_CA_CERTS=${emu.caPath}   (Python / Azure CLI: REQUESTS_CA_BUNDLE)

  Volcengine keys          VOLCENGINE_ACCESS_KEY=${emu.credentials.volcengine.accessKeyId}
                           VOLCENGINE_SECRET_KEY=${emu.credentials.volcengine.secretKey}

  Azure token              tenant ${emu.credentials.azure.tenantId}
    managed identity       curl --cacert ${emu.caPath} -H 'Metadata: true' -d resource=https://management.azure.com/ ${emu.credentials.azure.msiEndpoint}
    Azure CLI stand-in     PATH=${EMULATOR_BIN_DIR}:$PATH with
                           FLEET_EMULATOR_MSI_ENDPOINT=${env.FLEET_EMULATOR_MSI_ENDPOINT}
                           FLEET_EMULATOR_MSI_SECRET=${env.FLEET_EMULATOR_MSI_SECRET}
                           FLEET_EMULATOR_CA=${env.FLEET_EMULATOR_CA}
                           FLEET_EMULATOR_TENANT_ID=${env.FLEET_EMULATOR_TENANT_ID}
                           then: az account get-access-token --output json --resource https://management.azure.com

  Control API              ${emu.armUrl}/_emulator/info | /state | /requests | /faults (see emulator/README.md)

Press Ctrl+C to stop.`);
  const stop = () => {
    void emu.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
