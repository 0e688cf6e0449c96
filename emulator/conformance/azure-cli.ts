/**
 * Conformance: Debian's Azure CLI (2.45, /usr/bin/az) against the emulator. A client none of us wrote
 * agreeing with the emulator is the evidence that the emulator speaks ARM.
 *
 *   npx tsx emulator/conformance/azure-cli.ts        (prints each check; exit code 1 when one fails)
 *
 * It registers a custom cloud pointing at the emulator, pins the API profile (Debian's 2.45 lacks the
 * compute 2022-11-01 client its default profile wants), logs in with `az login --identity` through
 * MSI_ENDPOINT, and checks vmss list / list-instances / deallocate / stop / perform-maintenance both
 * in az's output and in the emulator's request log.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLE_SUBSCRIPTIONS, startEmulator, type Emulator } from '../src/index';

export const AZ_PATH = process.env.AZURE_CLI_PATH ?? '/usr/bin/az';

export interface Check { name: string; ok: boolean; detail: string }
export interface AzResult { code: number; stdout: string; stderr: string }
export interface ConformanceResult { checks: Check[]; ok: boolean; azVersion: string }


const PROD = SAMPLE_SUBSCRIPTIONS.production;
const DEV = SAMPLE_SUBSCRIPTIONS.devTest;

function runAz(args: string[], env: NodeJS.ProcessEnv): Promise<AzResult> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the emulator answers from this same process.
    execFile(AZ_PATH, args, { env, timeout: 120_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

function parse<T>(text: string): T | undefined {
  try { return JSON.parse(text) as T; } catch { return undefined; }
}

export interface AzureCliSession {
  /** Runs Debian's az with an isolated config dir, REQUESTS_CA_BUNDLE and MSI_ENDPOINT set. */
  az: (...args: string[]) => Promise<AzResult>;
  /** Removes the config dir (the emulator is the caller's). */
  dispose: () => void;
}

/**
 * An Azure CLI pointed at the emulator: a custom cloud on the emulator's ARM URL with the
 * `2020-09-01-hybrid` profile, selected, not yet logged in (`az login --identity` logs in).
 * Also for benchmarks that want the CLI as a peer.
 */
export async function azureCliSession(emu: Emulator): Promise<AzureCliSession> {
  const configDir = mkdtempSync(join(tmpdir(), 'fleet-az-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? configDir,
    AZURE_CONFIG_DIR: configDir,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    REQUESTS_CA_BUNDLE: emu.caPath,
    MSI_ENDPOINT: emu.credentials.azure.msiEndpoint,
  };
  const az = (...args: string[]) => runAz(args, env);
  const dispose = () => rmSync(configDir, { recursive: true, force: true });
  const reg = await az('cloud', 'register', '-n', 'FleetEmulator',
    '--endpoint-resource-manager', `${emu.armUrl}/`,
    '--endpoint-active-directory', 'https://login.microsoftonline.com',
    '--endpoint-active-directory-resource-id', 'https://management.core.windows.net/',
    '--endpoint-active-directory-graph-resource-id', 'https://graph.windows.net/',
    '--endpoint-management', 'https://management.core.windows.net/',
    '--profile', '2020-09-01-hybrid');
  const set = reg.code === 0 ? await az('cloud', 'set', '-n', 'FleetEmulator') : reg;
  if (set.code !== 0) {
    dispose();
    throw new Error(`Could not register the emulator as an Azure CLI cloud: ${reg.stderr}${set === reg ? '' : set.stderr}`);
  }
  return { az, dispose };
}

export async function runAzureCliConformance(log: (line: string) => void = () => undefined): Promise<ConformanceResult> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail = '') => {
    checks.push({ name, ok, detail });
    log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail && !ok ? `\n       ${detail}` : ''}`);
  };
  let emu: Emulator | undefined;
  let session: AzureCliSession | undefined;
  try {
    emu = await startEmulator({ transitionMs: 400, retryAfterSeconds: 1 });
    const requests = emu.requests;
    try {
      session = await azureCliSession(emu);
    } catch (e) {
      check('custom cloud registered and selected', false, e instanceof Error ? e.message : String(e));
      return { checks, ok: false, azVersion: 'unknown' };
    }
    const az = session.az;
    const version = await az('version', '-o', 'json');
    const azVersion = parse<Record<string, string>>(version.stdout)?.['azure-cli'] ?? 'unknown';
    check(`az version (${azVersion})`, version.code === 0, version.stderr);
    check('custom cloud registered and selected', true);

    requests.clear();
    const login = await az('login', '--identity', '-o', 'json');
    const subs = parse<{ id: string; state: string; tenantId: string; user: { type: string } }[]>(login.stdout) ?? [];
    check('az login --identity lists the three subscriptions (one Disabled) of the emulator tenant',
      login.code === 0 && subs.length === 3 && subs.filter((s) => s.state === 'Disabled').length === 1
        && subs.every((s) => s.tenantId === emu?.credentials.azure.tenantId),
      `${login.code} ${login.stderr} ${login.stdout.slice(0, 300)}`);
    const msi = requests.where({ service: 'msi' });
    check('login went through the managed-identity endpoint with Metadata: true',
      msi.length >= 1 && msi.every((r) => r.headers.metadata === 'true' && r.status === 200), JSON.stringify(msi.map((r) => r.headers)));
    check('login listed subscriptions on ARM with a bearer token',
      requests.where({ operation: 'listSubscriptions' }).some((r) => r.status === 200 && r.headers.authorization === '(present)'));

    const acct = await az('account', 'set', '-s', PROD);
    check('az account set', acct.code === 0, acct.stderr);

    requests.clear();
    const list = await az('vmss', 'list', '-o', 'json');
    // The 2020-06-01 compute models of the pinned profile predate orchestrationMode, so az drops it.
    const sets = parse<{ name: string; location: string; sku: { name: string; capacity: number } }[]>(list.stdout) ?? [];
    check('az vmss list shows both scale sets with sku, capacity and location',
      list.code === 0 && sets.map((s) => s.name).join(',') === 'vmss-web,vmss-api'
        && sets[0]?.sku.capacity === 24 && sets[0]?.sku.name === 'Standard_D2s_v5' && sets[1]?.location === 'eastus',
      `${list.stderr} ${list.stdout.slice(0, 300)}`);
    check('az vmss list used listAll on the subscription', requests.where({ operation: 'listAllScaleSets' }).length >= 1);

    requests.clear();
    const inst = await az('vmss', 'list-instances', '-g', 'rg-web-prod', '-n', 'vmss-web', '-o', 'json');
    const vms = parse<{ instanceId: string; name: string }[]>(inst.stdout) ?? [];
    check('az vmss list-instances follows nextLink to all 24 instances',
      inst.code === 0 && vms.length === 24 && vms[23]?.instanceId === '23' && requests.where({ operation: 'listVMs' }).length === 2,
      `${inst.stderr} count=${vms.length} pages=${requests.where({ operation: 'listVMs' }).length}`);

    requests.clear();
    const dealloc = await az('vmss', 'deallocate', '-g', 'rg-web-prod', '-n', 'vmss-web', '--instance-ids', '0', '1');
    const dcalls = requests.where({ method: 'POST', operation: 'deallocate' });
    check('az vmss deallocate --instance-ids 0 1: one POST with instanceIds ["0","1"]',
      dealloc.code === 0 && dcalls.length === 1 && JSON.stringify(dcalls[0]?.body) === '{"instanceIds":["0","1"]}' && dcalls[0]?.status === 202,
      `${dealloc.stderr} ${JSON.stringify(dcalls.map((r) => r.body))}`);
    const polls = requests.where({ operation: 'operationStatus' });
    const monitor = requests.where({ operation: 'operationResult' });
    check('az polled the Azure-AsyncOperation URL until Succeeded, then GET the Location URL',
      polls.length >= 1 && monitor.length === 1 && (monitor[0]?.seq ?? 0) > (polls.at(-1)?.seq ?? Infinity) && monitor[0]?.status === 200,
      `polls=${polls.length} monitor=${monitor.length}`);
    const view = await az('vmss', 'get-instance-view', '-g', 'rg-web-prod', '-n', 'vmss-web', '--instance-id', '1', '-o', 'json');
    const codes = (parse<{ statuses: { code: string }[] }>(view.stdout)?.statuses ?? []).map((s) => s.code);
    check('instance 1 is now PowerState/deallocated', view.code === 0 && codes.includes('PowerState/deallocated'), `${view.stderr} ${codes.join(',')}`);

    requests.clear();
    const stop = await az('vmss', 'stop', '--skip-shutdown', '-g', 'rg-dev', '-n', 'vmss-dev', '--instance-ids', '0', '--subscription', DEV);
    const scalls = requests.where({ method: 'POST', operation: 'powerOff' });
    check('az vmss stop --skip-shutdown --instance-ids 0: one powerOff with skipShutdown=true and instanceIds ["0"]',
      stop.code === 0 && scalls.length === 1 && scalls[0]?.query.skipShutdown === 'true' && JSON.stringify(scalls[0]?.body) === '{"instanceIds":["0"]}',
      `${stop.stderr} ${JSON.stringify(scalls.map((r) => [r.query, r.body]))}`);
    const stopped = emu.state().azure.subscriptions[1]?.resourceGroups[0]?.scaleSets[0]?.instances[0]?.powerState;
    check('vmss-dev instance 0 is stopped', stopped === 'stopped', String(stopped));

    const refused = await az('vmss', 'stop', '--skip-shutdown', '-g', 'rg-web-prod', '-n', 'vmss-web', '--instance-ids', '0');
    check('az vmss stop on the deallocated instance 0 fails with OperationNotAllowed',
      refused.code !== 0 && /OperationNotAllowed/.test(refused.stderr) && /deallocated or marked to be deallocated/.test(refused.stderr), refused.stderr);

    const notEligible = await az('vmss', 'perform-maintenance', '-g', 'rg-web-prod', '-n', 'vmss-web');
    check('az vmss perform-maintenance on instances that are not eligible fails with the CRP message',
      notEligible.code !== 0 && /OperationNotAllowed/.test(notEligible.stderr) && /not eligible/.test(notEligible.stderr), notEligible.stderr);

    for (const i of ['0', '1', '2', '3']) emu.control.azure.setMaintenanceEligible(`vmss-dev_${i}`, true);
    requests.clear();
    const maint = await az('vmss', 'perform-maintenance', '-g', 'rg-dev', '-n', 'vmss-dev', '--subscription', DEV);
    const mcalls = requests.where({ method: 'POST', operation: 'performMaintenance' });
    check('az vmss perform-maintenance on eligible instances succeeds (one POST, LRO polled to the end)',
      maint.code === 0 && mcalls.length === 1 && mcalls[0]?.status === 202 && requests.where({ operation: 'operationResult' }).length === 1,
      `${maint.stderr} ${mcalls.length}`);

    const leaked = requests.all().some((r) => JSON.stringify(r).includes(emu?.credentials.azure.msiSecret ?? '\u0000'));
    check('the request log never holds the managed-identity secret', !leaked);
    return { checks, ok: checks.every((c) => c.ok), azVersion };
  } finally {
    session?.dispose();
    await emu?.stop();
  }
}

if (require.main === module) {
  if (!existsSync(AZ_PATH)) {
    console.error(`Azure CLI not found at ${AZ_PATH}. Install it with: sudo apt-get install azure-cli`);
    process.exit(2);
  }
  void runAzureCliConformance((l) => console.log(l)).then((r) => {
    console.log(r.ok ? `\nAll ${r.checks.length} checks passed (azure-cli ${r.azVersion}).` : `\n${r.checks.filter((c) => !c.ok).length} of ${r.checks.length} checks failed.`);
    process.exit(r.ok ? 0 : 1);
  });
}
